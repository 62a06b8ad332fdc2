package io.vireo.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code qemu-img} and {@code qemu-io}, the interoperability oracle: tests create, write and compare disk files with them. */
public final class QemuImg {

    private QemuImg() {
    }

    /** Runs {@code qemu-io -c command file}: writes or reads a disk file as a guest would. */
    public static String io(java.nio.file.Path file, String command) throws IOException, InterruptedException {
        return exec("qemu-io", "-c", command, file.toString());
    }

    /** Runs {@code qemu-img args…} and answers its output; a failure (other than "images differ") throws. */
    public static String run(String... args) throws IOException, InterruptedException {
        return exec("qemu-img", args);
    }

    private static String exec(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(tool + " " + String.join(" ", args) + " did not finish");
        }
        boolean differ = args[0].equals("compare") && process.exitValue() == 1;
        if (process.exitValue() != 0 && !differ) {
            throw new IOException(tool + " " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
