package io.vireo.console.snapshot;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** QEMU's qemu-img, the oracle the snapshot tests read disks with; missing, it fails the test with one line. */
final class QemuImg {
    private QemuImg() {
    }

    /** Exit 0: the image's metadata is sound. */
    static void check(Path image) throws IOException, InterruptedException {
        assertThat(run("check", image.toString())).as("qemu-img check %s", image.getFileName()).startsWith("0:");
    }

    /** The two chains read the same, byte for byte (qemu-img reads every backing file on the way). */
    static void assertSameContent(Path expected, Path actual) throws IOException, InterruptedException {
        assertThat(run("compare", expected.toString(), actual.toString()))
                .as("qemu-img compare %s %s", expected.getFileName(), actual.getFileName()).startsWith("0:");
    }

    /** A standalone raw copy of what the chain topped by {@code top} reads, made by QEMU. */
    static Path readOut(Path top, Path dest) throws IOException, InterruptedException {
        assertThat(run("convert", "-O", "raw", top.toString(), dest.toString())).startsWith("0:");
        return dest;
    }

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(program());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("qemu-img finished").isTrue();
        return process.exitValue() + ": " + output;
    }

    private static String program() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "qemu-img");
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("qemu-img is not installed: it comes with the Debian package qemu-utils"
                + " (./vireo-test installs it)");
    }
}
