package io.vireo.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * QEMU's image tools as the oracle for the console's disk files: {@code qemu-io} writes a pattern the way a
 * guest would, {@code qemu-img compare} says whether two chains read the same. {@code ./vireo-test} installs
 * them (Debian's qemu-utils).
 */
public final class QemuImg {

    private QemuImg() {
    }

    /** Writes {@code length} bytes of {@code pattern} at {@code offset} of the chain topped by {@code top}. */
    public static void write(Path top, int pattern, long offset, long length) {
        run("qemu-io", "-f", "qcow2", "-c", "write -P " + pattern + " " + offset + " " + length, top.toString());
    }

    /** A qcow2 delta at {@code file} whose backing name is {@code backing}, written as given, whatever it is. */
    public static void create(Path file, String backing) {
        run("qemu-img", "create", "-q", "-f", "qcow2", "-u", "-b", backing, "-F", "raw", file.toString(), "1G");
    }

    /** True when both chains read the same, byte for byte, over their whole size. */
    public static boolean identical(Path a, Path b) {
        return run(List.of("qemu-img", "compare", "-q", a.toString(), b.toString()), true) == 0;
    }

    /** Fails the test unless both chains read the same, byte for byte (qemu-img reads every backing on the way). */
    public static void assertSameContent(Path expected, Path actual) {
        assertThat(identical(expected, actual)).as("qemu-img compare %s %s", expected, actual).isTrue();
    }

    /** A standalone raw copy of what the chain topped by {@code top} reads, made by QEMU. */
    public static Path readOut(Path top, Path dest) {
        run("qemu-img", "convert", "-O", "raw", top.toString(), dest.toString());
        return dest;
    }

    /** Fails the test when {@code qemu-img check} finds anything wrong in the image's metadata. */
    public static void check(Path image) {
        run("qemu-img", "check", "-q", image.toString());
    }

    /** Runs a QEMU tool ({@code qemu-img create …}, {@code qemu-img info …}) and answers what it printed. */
    public static String output(String... command) {
        StringBuilder printed = new StringBuilder();
        assertThat(run(List.of(command), false, printed)).as(String.join(" ", command)).isZero();
        return printed.toString();
    }

    private static void run(String... command) {
        assertThat(run(List.of(command), false)).as(String.join(" ", command)).isZero();
    }

    private static int run(List<String> command, boolean anyExit) {
        return run(command, anyExit, new StringBuilder());
    }

    private static int run(List<String> command, boolean anyExit, StringBuilder printed) {
        List<String> line = new ArrayList<>(command);
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            printed.append(output);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(line + " did not finish in 2 minutes");
            }
            if (!anyExit && process.exitValue() != 0) {
                throw new AssertionError(line + " exited " + process.exitValue() + ": " + output);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new AssertionError(line.getFirst() + " is needed (Debian package qemu-utils; ./vireo-test installs"
                    + " it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
