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
import java.util.List;
import java.util.Optional;

/**
 * Guest sequential write then read of 256 MiB with direct I/O ({@code dd oflag=direct / iflag=direct}
 * on /dev/vda of a fresh qcow2 image), in the tiny appliance on Vireo and on qemu-system-riscv64 with
 * a virtio-blk device on the same kind of image. Prints MiB/s for both and the ratios.
 */
public final class DiskIoBenchmark {
    private static final int MIB = 256;
    private static final long MEMORY = 512L << 20;
    private static final Duration BOOT = Duration.ofMinutes(5);
    private static final Duration IO = Duration.ofMinutes(10);

    private DiskIoBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        Path dir = Files.createTempDirectory("vireo-io-bench");
        try {
            Path vireoImage = dir.resolve("vireo.qcow2"), qemuImage = dir.resolve("qemu.qcow2");
            ChainOperations.create(vireoImage, ImageFormat.QCOW2, 1L << 30, Optional.empty());
            ChainOperations.create(qemuImage, ImageFormat.QCOW2, 1L << 30, Optional.empty());
            VmSpec spec = VmSpec.of("io-bench", 1, MEMORY, tiny.kernel(), tiny.initrd(), tiny.cmdline())
                    .withDevices(List.of(new DeviceSpec.Disk(vireoImage, ImageFormat.QCOW2, false)));
            double[] vireo;
            try (GuestConsole c = new VmConsole(spec)) {
                vireo = measure(c);
            }
            double[] qemu;
            try (GuestConsole c = ProcessConsole.qemu(List.of("-m", (MEMORY >> 20) + "M", "-smp", "1",
                    "-kernel", tiny.kernel().toString(), "-initrd", tiny.initrd().toString(), "-append", tiny.cmdline(),
                    "-drive", "file=" + qemuImage + ",format=qcow2,if=none,id=d0,cache=none",
                    "-device", "virtio-blk-device,drive=d0"))) {
                qemu = measure(c);
            }
            System.out.printf("guest sequential I/O, %d MiB, direct, 1 MiB blocks, fresh qcow2:%n", MIB);
            System.out.printf("  write: vireo %.1f MiB/s, qemu %.1f MiB/s, ratio vireo/qemu %.2f%n",
                    vireo[0], qemu[0], vireo[0] / qemu[0]);
            System.out.printf("  read:  vireo %.1f MiB/s, qemu %.1f MiB/s, ratio vireo/qemu %.2f%n",
                    vireo[1], qemu[1], vireo[1] / qemu[1]);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Boots to the shell, then times the write and the read; returns {write, read} in MiB/s. */
    private static double[] measure(GuestConsole c) throws Exception {
        c.await(Appliance.READY_MARKER, BOOT);
        c.await("# ", BOOT);
        double write = c.timed("dd if=/dev/zero of=/dev/vda bs=1M count=" + MIB + " oflag=direct", "W", IO);
        double read = c.timed("dd if=/dev/vda of=/dev/null bs=1M count=" + MIB + " iflag=direct", "R", IO);
        return new double[] {MIB / write, MIB / read};
    }
}
