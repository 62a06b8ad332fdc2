package io.vireo.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.storage.chain.ChainOperations;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer process at random points, many times, on the same image: QEMU must find the image clean
 * or with leaked clusters only, and every write acknowledged before a flush must read back, in Vireo and
 * in QEMU.
 */
@Timeout(180)
class CrashConsistencyTest {
    private static final int RUNS = 16;

    @TempDir
    Path dir;

    /** 4 KiB clusters: many L2 tables; 512 B clusters: refcount blocks and table growth mid-run too. */
    @ParameterizedTest(name = "cluster bits {0}")
    @ValueSource(ints = {12, 9})
    void killedWriterLeavesAConsistentImageWithEveryFlushedWrite(int clusterBits) throws Exception {
        Path base = dir.resolve("base.raw");
        byte[] expected = new byte[CrashWorkload.DISK_SIZE];
        new Random(42).nextBytes(expected);
        Files.write(base, Arrays.copyOf(expected, CrashWorkload.DISK_SIZE / 2));
        Arrays.fill(expected, CrashWorkload.DISK_SIZE / 2, expected.length, (byte) 0);
        Path image = dir.resolve("crash.qcow2");
        ChainOperations.create(image, ImageFormat.QCOW2, CrashWorkload.DISK_SIZE, Optional.of(base), clusterBits);
        BitSet known = new BitSet(expected.length);
        known.set(0, expected.length);
        Random timing = new Random(clusterBits);
        for (int run = 0; run < RUNS; run++) {
            long seed = clusterBits * 1000L + run;
            int lastFlushed = killWriterSomewhere(image, seed, timing);
            CrashWorkload replay = new CrashWorkload(seed);
            for (int g = 0; g <= lastFlushed; g++) {
                apply(replay.nextGroup(), expected, known);
            }
            for (CrashWorkload.Op op : replay.nextGroup()) {
                known.clear(op.offset(), op.offset() + op.length());
            }
            QemuImg.Result check = QemuImg.run("qemu-img", "check", image.toString());
            assertThat(check.exitCode()).as("run " + run + ": qemu-img check (0 clean, 3 leaks only)\n" + check.output())
                    .isIn(0, 3);
            assertKnownBytes("Vireo, run " + run, Disks.readAll(image), expected, known);
            assertKnownBytes("QEMU, run " + run, QemuImg.contents(image), expected, known);
        }
        CheckReport repair = ChainOperations.check(image, true);
        assertThat(repair.corrupt()).isFalse();
        assertThat(repair.repairedLeaks()).isEqualTo(repair.leakedClusters());
        QemuImg.assertCheckClean(image);
        assertKnownBytes("after leak repair", QemuImg.contents(image), expected, known);
    }

    /** Starts a writer, kills it after a random number of flushes plus a random delay; returns its last flushed group. */
    private int killWriterSomewhere(Path image, long seed, Random timing) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), image.toString(), Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int lastFlushed = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            int killAfter = timing.nextInt(12);
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("FLUSHED ")) {
                    lastFlushed = Integer.parseInt(line.substring(8));
                }
                if (line.equals("READY") && killAfter == 0 || lastFlushed + 1 == killAfter && line.startsWith("FLUSHED")) {
                    // Not a wait for a condition: a random delay, so the kill lands anywhere in the next group.
                    Thread.sleep(timing.nextInt(15));
                    // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe
                    p.toHandle().destroyForcibly();
                    killAfter = -1;
                }
            }
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return lastFlushed;
    }

    private static void apply(List<CrashWorkload.Op> ops, byte[] expected, BitSet known) {
        for (CrashWorkload.Op op : ops) {
            if (op.data() == null) {
                Arrays.fill(expected, op.offset(), op.offset() + op.length(), (byte) 0);
            } else {
                System.arraycopy(op.data(), 0, expected, op.offset(), op.length());
            }
            known.set(op.offset(), op.offset() + op.length());
        }
    }

    private static void assertKnownBytes(String who, byte[] actual, byte[] expected, BitSet known) {
        assertThat(actual).hasSize(expected.length);
        for (int i = known.nextSetBit(0); i >= 0; i = known.nextSetBit(i + 1)) {
            if (actual[i] != expected[i]) {
                throw new AssertionError(who + ": flushed byte at offset " + i + " is " + actual[i]
                        + ", expected " + expected[i]);
            }
        }
    }
}
