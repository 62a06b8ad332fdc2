package io.vireo.bench;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Snapshot-tree operations on a thin 1 GiB and 100 GiB qcow2 disk with some data (run by
 * {@code bench/snapshot-bench.sh}), Vireo's {@link ChainOperations} beside qemu-img on the same files:
 * take (an overlay), revert (delete the top, a new overlay), delete (rebase the child onto the parent),
 * consolidate (commit) and linked clone (an overlay in another folder). qemu-img's times include
 * starting its process, as a console calling it would pay. Then {@link ChainDepthReadBenchmark}.
 */
public final class SnapshotBench {
    private static final int QUICK_REPEATS = 11;
    private static final int DATA_REPEATS = 3;
    private static final int MIB = 1 << 20;

    private final Path work;

    private SnapshotBench(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir")));
        SnapshotBench bench = new SnapshotBench(work);
        System.out.println("snapshot operations, median ms (qemu-img includes its process start):");
        System.out.printf(Locale.ROOT, "  %-8s %-40s %10s %10s%n", "disk", "operation", "vireo", "qemu-img");
        bench.disk("1 GiB", 1L << 30);
        bench.disk("100 GiB", 100L << 30);
        ChainDepthReadBenchmark.run(work);
    }

    /** One disk: a base with 32 MiB of data spread over it, a snapshot holding 8 MiB more, the current top. */
    private void disk(String label, long size) throws Exception {
        Path vm = Files.createDirectories(work.resolve("vm-" + label.replace(' ', '-')));
        Path clones = Files.createDirectories(work.resolve("clones-" + label.replace(' ', '-')));
        Path base = vm.resolve("disk0.qcow2");
        Files.deleteIfExists(base);
        ChainOperations.create(base, ImageFormat.QCOW2, size, Optional.empty());
        spread(base, size, 32, 1);
        Path top = vm.resolve("top.qcow2"), clone = clones.resolve("clone.qcow2");

        row(label, "take snapshot (create overlay)",
                quick(top, () -> ChainOperations.createOverlay(base, top)),
                quick(top, () -> qemuImg("create", "-q", "-f", "qcow2", "-b", "disk0.qcow2", "-F", "qcow2",
                        top.toString())));
        row(label, "revert (delete top, new overlay)",
                revert(base, vm, fresh -> ChainOperations.createOverlay(base, fresh)),
                revert(base, vm, fresh -> qemuImg("create", "-q", "-f", "qcow2", "-b", "disk0.qcow2", "-F", "qcow2",
                        fresh.toString())));
        row(label, "linked clone (overlay in a new folder)",
                quick(clone, () -> ChainOperations.createOverlay(base, clone)),
                quick(clone, () -> qemuImg("create", "-q", "-f", "qcow2", "-b", "../" + vm.getFileName() + "/disk0.qcow2",
                        "-F", "qcow2", clone.toString())));
        row(label, "delete snapshot (rebase child, 8 MiB)",
                withSnapshot(base, vm, size, (snap, child) -> ChainOperations.rebase(child, Optional.of(base))),
                withSnapshot(base, vm, size, (snap, child) -> qemuImg("rebase", "-q", "-b", "disk0.qcow2",
                        "-F", "qcow2", child.toString())));
        row(label, "consolidate (commit 8 MiB delta)",
                withSnapshot(base, vm, size, (snap, child) -> ChainOperations.commit(snap)),
                withSnapshot(base, vm, size, (snap, child) -> qemuImg("commit", "-q", "-d", snap.toString())));
        Files.delete(base);
        Files.delete(vm);
        Files.delete(clones);
    }

    private interface Step {
        void run() throws Exception;
    }

    private interface TopStep {
        void run(Path top) throws Exception;
    }

    private interface SnapshotStep {
        void run(Path snapshot, Path top) throws Exception;
    }

    /** Times a step that creates {@code created}; the file is deleted after each run, untimed. */
    private static double quick(Path created, Step step) throws Exception {
        long[] nanos = new long[QUICK_REPEATS];
        for (int i = 0; i < QUICK_REPEATS; i++) {
            long t0 = System.nanoTime();
            step.run();
            nanos[i] = System.nanoTime() - t0;
            Files.delete(created);
        }
        return median(nanos);
    }

    /** A current top holding 1 MiB of writes is thrown away and a fresh overlay made over the snapshot. */
    private static double revert(Path base, Path vm, TopStep overlay) throws Exception {
        Path top = vm.resolve("top.qcow2");
        long[] nanos = new long[QUICK_REPEATS];
        for (int i = 0; i < QUICK_REPEATS; i++) {
            ChainOperations.createOverlay(base, top);
            spread(top, 1L << 30, 1, 7);
            long t0 = System.nanoTime();
            Files.delete(top);
            overlay.run(top);
            nanos[i] = System.nanoTime() - t0;
            Files.delete(top);
        }
        return median(nanos);
    }

    /** base &lt;- snapshot (8 MiB) &lt;- top (1 MiB), freshly made for each timed step, removed after. */
    private static double withSnapshot(Path base, Path vm, long size, SnapshotStep step) throws Exception {
        Path snap = vm.resolve("disk0-1.qcow2"), top = vm.resolve("disk0-2.qcow2"), pristine = vm.resolve("pristine.qcow2");
        Files.copy(base, pristine);
        long[] nanos = new long[DATA_REPEATS];
        for (int i = 0; i < DATA_REPEATS; i++) {
            ChainOperations.createOverlay(base, snap);
            spread(snap, size, 8, 2 + i);
            ChainOperations.createOverlay(snap, top);
            spread(top, size, 1, 20 + i);
            long t0 = System.nanoTime();
            step.run(snap, top);
            nanos[i] = System.nanoTime() - t0;
            Files.delete(top);
            Files.delete(snap);
            Files.copy(pristine, base, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.delete(pristine);
        return median(nanos);
    }

    private static double median(long[] nanos) {
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e6;
    }

    private static void row(String disk, String operation, double vireoMs, double qemuMs) {
        System.out.printf(Locale.ROOT, "  %-8s %-40s %10.2f %10.2f%n", disk, operation, vireoMs, qemuMs);
    }

    /** Writes {@code mib} MiB of random data, 1 MiB at a time, spread evenly over the disk. */
    private static void spread(Path image, long size, int mib, long seed) throws IOException {
        long stride = (size / mib) & -MIB;
        for (int i = 0; i < mib; i++) {
            write(image, i * stride + (seed % 7) * 65536, 1, seed * 1000 + i);
        }
    }

    /** Writes {@code mib} MiB of random data at {@code offset}. */
    static void write(Path image, long offset, int mib, long seed) throws IOException {
        Random rnd = new Random(seed);
        ByteBuffer chunk = ByteBuffer.allocate(MIB);
        try (DiskImage d = DiskChain.open(image, false)) {
            for (int i = 0; i < mib; i++) {
                rnd.nextBytes(chunk.array());
                d.write(offset + (long) i * MIB, chunk.clear());
            }
            d.flush();
        }
    }

    private static void qemuImg(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
