package io.vireo.bench;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Guest sequential read (direct I/O) through qcow2 chains of depth 1, 4 and 16, where every layer holds
 * an equal share of the data, so a read really walks the chain: the tiny appliance on Vireo and on
 * qemu-system-riscv64 with the same chain files attached read-only. Prints MiB/s and ratios.
 */
final class ChainDepthReadBenchmark {
    private static final int[] DEPTHS = {1, 4, 16};
    private static final int DATA_MIB = 64;
    private static final long MEMORY = 256L << 20;
    private static final Duration BOOT = Duration.ofMinutes(5);
    private static final Duration IO = Duration.ofMinutes(3);
    /** Reads the chain the shell's {@code $d} names. */
    private static final String READ = "dd if=$d of=/dev/null bs=1M count=" + DATA_MIB + " iflag=direct 2>/dev/null";

    private ChainDepthReadBenchmark() {
    }

    static void run(Path work) throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        Path dir = Files.createDirectories(work.resolve("chains"));
        List<Path> tops = new ArrayList<>();
        for (int depth : DEPTHS) {
            tops.add(chain(dir, depth));
        }
        List<DeviceSpec> disks = new ArrayList<>();
        List<String> drives = new ArrayList<>();
        for (int i = 0; i < tops.size(); i++) {
            disks.add(new DeviceSpec.Disk(tops.get(i), ImageFormat.QCOW2, true));
            drives.addAll(List.of("-drive", "file=" + tops.get(i) + ",format=qcow2,if=none,readonly=on,cache=none,id=d" + i,
                    "-device", "virtio-blk-device,drive=d" + i));
        }
        double[] vireo;
        try (GuestConsole c = new VmConsole(VmSpec.of("chain-bench", 1, MEMORY, tiny.kernel(), tiny.initrd(),
                tiny.cmdline()).withDevices(disks))) {
            vireo = measure(c);
        }
        List<String> qemuArgs = new ArrayList<>(List.of("-m", (MEMORY >> 20) + "M", "-smp", "1",
                "-kernel", tiny.kernel().toString(), "-initrd", tiny.initrd().toString(), "-append", tiny.cmdline()));
        qemuArgs.addAll(drives);
        double[] qemu;
        try (GuestConsole c = ProcessConsole.qemu(qemuArgs)) {
            qemu = measure(c);
        }
        System.out.printf(Locale.ROOT, "guest sequential read through a qcow2 chain, %d MiB, direct, 1 MiB blocks,"
                + " best of 2 after a warm-up read:%n", DATA_MIB);
        for (int i = 0; i < DEPTHS.length; i++) {
            System.out.printf(Locale.ROOT, "  depth %2d: vireo %7.1f MiB/s, qemu %7.1f MiB/s, ratio vireo/qemu %.2f,"
                    + " vireo vs its depth 1 %.2f%n", DEPTHS[i], vireo[i], qemu[i], vireo[i] / qemu[i], vireo[i] / vireo[0]);
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** A virtual size that tells the chains apart in the guest, whatever order its disks come up in. */
    private static long size(int depth) {
        return (256L + depth) << 20;
    }

    /** {@code depth} images; layer k holds the MiB chunks whose number is k modulo the depth. */
    private static Path chain(Path dir, int depth) throws Exception {
        Path below = null;
        for (int layer = 0; layer < depth; layer++) {
            Path image = dir.resolve("depth" + depth + "-" + layer + ".qcow2");
            Files.deleteIfExists(image);
            if (below == null) {
                ChainOperations.create(image, ImageFormat.QCOW2, size(depth), Optional.empty());
            } else {
                ChainOperations.createOverlay(below, image);
            }
            for (int chunk = layer; chunk < DATA_MIB; chunk += depth) {
                SnapshotBench.write(image, (long) chunk << 20, 1, layer * 1000L + chunk);
            }
            below = image;
        }
        return below;
    }

    /**
     * Boots to the shell, then reads each chain once untimed (so the first chain does not pay for the
     * engine's warm-up) and twice timed; returns the better MiB/s per depth.
     */
    private static double[] measure(GuestConsole c) throws Exception {
        c.await(Appliance.READY_MARKER, BOOT);
        c.await("# ", BOOT);
        double[] rates = new double[DEPTHS.length];
        for (int i = 0; i < DEPTHS.length; i++) {
            long sectors = size(DEPTHS[i]) / 512;
            c.type("for b in /sys/block/vd*; do [ $(cat $b/size) = " + sectors + " ] && d=/dev/${b##*/}; done; echo F-\"\"OUND");
            c.await("F-OUND", IO);
            c.await("# ", IO);
            c.timed(READ, "R", IO);
            double best = Math.min(c.timed(READ, "R", IO), c.timed(READ, "R", IO));
            rates[i] = DATA_MIB / best;
        }
        return rates;
    }
}
