package io.vireo.bench;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.sched.CpuPool;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Boots the tiny appliance to its ready marker N times with Vireo and N times with QEMU's TCG
 * ({@code qemu-system-riscv64 -M virt}, same kernel, initramfs, harts and memory), prints both
 * medians and the ratio, then the same warm boots with a host thread per hart instead of the shared pool
 * beside them, then the engine's MIPS on a CPU-bound bare-metal loop. Each Vireo boot also prints where its
 * instructions ran and its time went ({@link SplitReport}).
 *
 * <p>Usage: {@code BootBenchmark [runs] [harts]}.
 */
public final class BootBenchmark {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final long MEMORY = 512L << 20;

    private BootBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int harts = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        VmSpec spec = VmSpec.of("bench", harts, MEMORY, tiny.kernel(), tiny.initrd(), tiny.cmdline());
        System.out.printf("tiny appliance, kernel %s, %d harts, %d MiB, %d runs each%n",
                tiny.kernelVersion(), harts, MEMORY >> 20, runs);

        List<Double> vireo = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            BootToMarker.Result r = BootToMarker.run(spec, Appliance.READY_MARKER, TIMEOUT);
            vireo.add(seconds(r.elapsed()));
            System.out.printf("  vireo run %d: %.2f s to %s (%.0f M instructions, %.1f MIPS over the boot)%n",
                    i + 1, seconds(r.elapsed()), Appliance.READY_MARKER, r.instructions() / 1e6, r.mips());
            System.out.println(SplitReport.of(r.counters(), r.jitMillis()));
        }
        List<Double> qemu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            double s = qemuBoot(tiny, harts);
            qemu.add(s);
            System.out.printf("  qemu  run %d: %.2f s%n", i + 1, s);
        }
        double v = median(vireo), q = median(qemu);
        System.out.printf("boot to ready marker: vireo median %.2f s, qemu-system-riscv64 (TCG) median %.2f s, ratio vireo/qemu %.2f%n",
                v, q, v / q);
        comparePools(spec, harts, vireo.subList(Math.min(1, runs - 1), runs));
        System.out.printf("cpu-bound loop: %.0f MIPS%n", loopMips());
    }

    /**
     * Boots as many times again with a host thread of its own for each hart (the engine's model before the
     * shared pool) and prints the median beside the shared pool's warm boots (all but the first).
     */
    private static void comparePools(VmSpec spec, int harts, List<Double> sharedWarm) throws Exception {
        List<Double> own = new ArrayList<>();
        try (CpuPool perHart = new CpuPool(harts)) {
            for (int i = 0; i < sharedWarm.size(); i++) {
                own.add(seconds(BootToMarker.run(spec, Appliance.READY_MARKER, TIMEOUT, perHart).elapsed()));
            }
        }
        System.out.printf("host threads: shared pool (%d threads) warm median %.2f s, a thread per hart (%d) median %.2f s%n",
                CpuPool.shared().threads(), median(sharedWarm), harts, median(own));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double qemuBoot(Appliance tiny, int harts) throws Exception {
        long start = System.nanoTime();
        try (GuestConsole qemu = ProcessConsole.qemu(List.of("-m", (MEMORY >> 20) + "M", "-smp", Integer.toString(harts),
                "-kernel", tiny.kernel().toString(), "-initrd", tiny.initrd().toString(), "-append", tiny.cmdline()))) {
            qemu.await(Appliance.READY_MARKER, TIMEOUT);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /**
     * MIPS of one hart running a register-only loop (addi, xor, add, a backward jump) on bare metal,
     * measured over a few seconds after a warm-up.
     */
    private static double loopMips() throws Exception {
        Path kernel = BareMetal.kernel(
                BareMetal.ADDI_T0_1,
                0x00534333, // xor  t1, t1, t0
                0x006383B3, // add  t2, t2, t1
                0xFF5FF06F); // jal  zero, -12
        try (VirtualMachine vm = new VirtualMachine(BareMetal.spec("loop", kernel))) {
            vm.start();
            Thread.sleep(2000);
            long i0 = vm.counters().instructionsRetired(), t0 = System.nanoTime();
            Thread.sleep(3000);
            long i1 = vm.counters().instructionsRetired(), t1 = System.nanoTime();
            return (i1 - i0) / ((t1 - t0) / 1000.0);
        } finally {
            Files.deleteIfExists(kernel);
        }
    }
}
