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
 * beside them, then the engine's MIPS on a CPU-bound bare-metal loop, without and with memory accesses. Each
 * Vireo boot also prints where its instructions ran and its time went ({@link SplitReport}).
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
        System.out.printf("cpu-bound loop: %.0f MIPS; with a load and a store through the MMU (Sv39): %.0f MIPS%n",
                loopMips(REGISTER_LOOP), loopMips(MEMORY_LOOP));
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

    /** A register-only loop: addi, xor, add, a backward jump. */
    private static final int[] REGISTER_LOOP = {
        BareMetal.ADDI_T0_1,
        0x00534333, // xor  t1, t1, t0
        0x006383B3, // add  t2, t2, t1
        0xFF5FF06F, // jal  zero, -12
    };

    /**
     * Turns on Sv39 with one gigapage mapping RAM at its own address (the root table one page past the code),
     * then loops over a load, an add, a store to the same doubleword, the counter's addi and a backward jump.
     */
    private static final int[] MEMORY_LOOP = {
        0x00001517, // auipc a0, 0x1
        0x00C55513, // srli  a0, a0, 12
        0x00C51513, // slli  a0, a0, 12        root table: the page after the code's (behind the Image header)
        0x200005B7, // lui   a1, 0x20000
        0x0CF58593, // addi  a1, a1, 0xCF      PTE: PPN 0x80000, D A X W R V
        0x00B53823, // sd    a1, 16(a0)        VPN[2] = 2: 0x8000_0000..0xBFFF_FFFF
        0x00C55613, // srli  a2, a0, 12
        0x00100693, // addi  a3, zero, 1
        0x03F69693, // slli  a3, a3, 63        mode 8: Sv39
        0x00D66633, // or    a2, a2, a3
        0x18061073, // csrrw zero, satp, a2
        0x12000073, // sfence.vma
        0x00002717, // auipc a4, 0x2           the data
        0x00073303, // ld    t1, 0(a4)         loop
        0x00130313, // addi  t1, t1, 1
        0x00673023, // sd    t1, 0(a4)
        BareMetal.ADDI_T0_1,
        0xFF1FF06F, // jal   zero, -16
    };

    /** MIPS of one hart running {@code program} on bare metal, measured over a few seconds after a warm-up. */
    private static double loopMips(int... program) throws Exception {
        Path kernel = BareMetal.kernel(program);
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
