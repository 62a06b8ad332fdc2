package io.vireo.bench;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Storage benchmark (run by {@code bench/storage-bench.sh}): overlay creation time for a 1 GiB and a
 * 1 TiB disk, and full-clone (flatten) throughput of Vireo against {@code qemu-img convert} on the same chain.
 */
public final class StorageBench {
    private static final int OVERLAY_REPEATS = 20;
    private static final int CLONE_ROUNDS = 3;

    private StorageBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        int dataMiB = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        Files.createDirectories(work);
        overlayCreation(work, "1 GiB", 1L << 30);
        overlayCreation(work, "1 TiB", 1L << 40);
        fullClone(work, dataMiB);
    }

    private static void overlayCreation(Path work, String label, long size) throws IOException {
        Path base = work.resolve("base-" + size + ".qcow2");
        Files.deleteIfExists(base);
        ChainOperations.create(base, ImageFormat.QCOW2, size, Optional.empty());
        long[] nanos = new long[OVERLAY_REPEATS];
        for (int i = 0; i < OVERLAY_REPEATS; i++) {
            Path overlay = work.resolve("overlay-" + i + ".qcow2");
            Files.deleteIfExists(overlay);
            long t0 = System.nanoTime();
            ChainOperations.createOverlay(base, overlay);
            nanos[i] = System.nanoTime() - t0;
            Files.delete(overlay);
        }
        Files.delete(base);
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "overlay creation, %s virtual disk: median %.2f ms (min %.2f ms, %d runs)%n",
                label, nanos[OVERLAY_REPEATS / 2] / 1e6, nanos[0] / 1e6, OVERLAY_REPEATS);
    }

    /** Base with {@code dataMiB} of data in a 2 GiB disk, an overlay rewriting a quarter of it, then flatten. */
    private static void fullClone(Path work, int dataMiB) throws Exception {
        Path base = work.resolve("chain-base.qcow2");
        Path top = work.resolve("chain-top.qcow2");
        Path vireoOut = work.resolve("clone-vireo.qcow2");
        Path qemuOut = work.resolve("clone-qemu.qcow2");
        for (Path p : new Path[] {base, top, vireoOut, qemuOut}) {
            Files.deleteIfExists(p);
        }
        ChainOperations.create(base, ImageFormat.QCOW2, 2L << 30, Optional.empty());
        fill(base, 0, dataMiB, 1);
        ChainOperations.createOverlay(base, top);
        fill(top, dataMiB / 2L << 20, dataMiB / 4, 2);
        long bytes = (long) dataMiB << 20;

        double vireoSec = Double.MAX_VALUE;
        double qemuSec = Double.MAX_VALUE;
        for (int round = 0; round < CLONE_ROUNDS; round++) {
            Files.deleteIfExists(vireoOut);
            Files.deleteIfExists(qemuOut);
            long t0 = System.nanoTime();
            ChainOperations.flatten(top, vireoOut, ImageFormat.QCOW2);
            vireoSec = Math.min(vireoSec, (System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            Process p = new ProcessBuilder("qemu-img", "convert", "-O", "qcow2", top.toString(), qemuOut.toString())
                    .inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException("qemu-img convert failed");
            }
            qemuSec = Math.min(qemuSec, (System.nanoTime() - t1) / 1e9);
        }
        double vireoRate = bytes / vireoSec / (1 << 20);
        double qemuRate = bytes / qemuSec / (1 << 20);
        System.out.printf(Locale.ROOT, "full clone (flatten) of a 2-image chain, %d MiB of data, best of %d:%n",
                dataMiB, CLONE_ROUNDS);
        System.out.printf(Locale.ROOT, "  vireo  disk flatten:      %6.2f s  %8.1f MiB/s%n", vireoSec, vireoRate);
        System.out.printf(Locale.ROOT, "  qemu-img convert -O qcow2: %6.2f s  %8.1f MiB/s%n", qemuSec, qemuRate);
        System.out.printf(Locale.ROOT, "  ratio vireo/qemu throughput: %.2f%n", vireoRate / qemuRate);
        for (Path f : new Path[] {base, top, vireoOut, qemuOut}) {
            Files.deleteIfExists(f);
        }
    }

    /** Writes incompressible-ish data (no all-zero blocks) to {@code mib} MiB starting at {@code offset}. */
    private static void fill(Path image, long offset, int mib, long seed) throws IOException {
        Random rnd = new Random(seed);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        try (DiskImage d = DiskChain.open(image, false)) {
            for (int i = 0; i < mib; i++) {
                rnd.nextBytes(chunk.array());
                d.write(offset + ((long) i << 20), chunk.clear());
            }
            d.flush();
        }
    }
}
