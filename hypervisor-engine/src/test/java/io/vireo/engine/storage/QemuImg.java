package io.vireo.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.testing.RequiredTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The interoperability oracle: Debian's qemu-utils ({@code qemu-img}, {@code qemu-io}). Missing tools fail loudly. */
public final class QemuImg {
    public record Result(int exitCode, String output) {
    }

    private QemuImg() {
    }

    public static Result run(String tool, String... args) throws IOException, InterruptedException {
        Path exe = RequiredTool.require(tool, "qemu-utils");
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(tool + " finished").isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a tool that must succeed and returns its output. */
    public static String ok(String tool, String... args) throws IOException, InterruptedException {
        Result r = run(tool, args);
        assertThat(r.exitCode()).as(tool + " " + String.join(" ", args) + "\n" + r.output()).isZero();
        return r.output();
    }

    public static void assertCheckClean(Path image) throws IOException, InterruptedException {
        Result r = run("qemu-img", "check", image.toString());
        assertThat(r.exitCode()).as("qemu-img check " + image + "\n" + r.output()).isZero();
    }

    /** Guest-visible bytes of an image according to QEMU. */
    public static byte[] contents(Path image) throws IOException, InterruptedException {
        Path raw = Files.createTempFile(image.getParent(), "qemu-view", ".raw");
        Files.delete(raw);
        try {
            ok("qemu-img", "convert", "-O", "raw", image.toString(), raw.toString());
            return Files.readAllBytes(raw);
        } finally {
            Files.deleteIfExists(raw);
        }
    }
}
