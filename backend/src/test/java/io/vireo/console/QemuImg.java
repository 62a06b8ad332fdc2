package io.vireo.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code qemu-img}, the interoperability oracle: tests create, write and compare disk files with it. */
public final class QemuImg {

    private QemuImg() {
    }

    /** Runs {@code qemu-img args…} and answers its output; a failure (other than "images differ") throws. */
    public static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("qemu-img " + String.join(" ", args) + " did not finish");
        }
        boolean differ = args[0].equals("compare") && process.exitValue() == 1;
        if (process.exitValue() != 0 && !differ) {
            throw new IOException("qemu-img " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
