package io.vireo.bench;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmSpec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Boots N idle tiny VMs (1 vCPU, 128 MiB by default: the tiny kernel and initramfs do not fit in 64 MiB)
 * one after another in this one engine process, as the console embeds it, then measures what they cost
 * together while idle: host CPU (percent of one core), and resident memory per VM beyond the guest memory
 * it touched (heap, code cache and threads included, the way Firecracker's memory test counts its overhead). One idle QEMU TCG VM of the same guest is
 * measured in the same run for comparison. Ends with the one {@code density:} line scripts read.
 *
 * <p>Usage: {@code DensityBenchmark N [memoryMib]}.
 */
public final class DensityBenchmark {
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(10);
    /** Idle guests still finish what the boot left (module loads, timers settling) for a few seconds. */
    private static final long SETTLE_MILLIS = 5_000;
    private static final long WINDOW_MILLIS = 20_000;

    private DensityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long memory = (args.length > 1 ? Long.parseLong(args[1]) : 128) << 20;
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        System.out.printf("density: %d tiny VMs (kernel %s, 1 vCPU, %d MiB each) in one process%n",
                n, tiny.kernelVersion(), memory >> 20);
        System.gc();
        long rssBefore = residentBytes();
        List<VmConsole> vms = new ArrayList<>();
        double lastBoot = 0;
        try {
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                VmConsole vm = new VmConsole(VmSpec.of("idle" + i, 1, memory, tiny.kernel(), tiny.initrd(), tiny.cmdline()));
                vms.add(vm);
                vm.await(Appliance.READY_MARKER, BOOT_TIMEOUT);
                lastBoot = (System.nanoTime() - start) / 1e9;
                System.out.printf("  VM %d ready in %.1f s%n", i + 1, lastBoot);
            }
            Thread.sleep(SETTLE_MILLIS);
            double idleCpu = processCpuPercent();
            System.gc();
            long touched = vms.stream().mapToLong(v -> v.vm().residentMemoryBytes()).sum();
            double overhead = (residentBytes() - rssBefore - touched) / (double) n / (1 << 20);
            double qemuIdle = qemuIdleCpuPercent(tiny, memory);
            System.out.printf("idle: %d VMs use %.2f %% of one host core together (%.3f %% each); one idle QEMU TCG VM"
                    + " uses %.2f %%%n", n, idleCpu, idleCpu / n, qemuIdle);
            System.out.printf("memory: guests touched %d MiB in all; %.1f MiB per VM beyond that%n", touched >> 20, overhead);
            System.out.printf("density: vms=%d idle_cpu_pct=%.2f qemu_idle_cpu_pct_per_vm=%.2f overhead_mib_per_vm=%.1f"
                    + " last_boot_s=%.1f%n", n, idleCpu, qemuIdle, overhead, lastBoot);
        } finally {
            vms.forEach(VmConsole::close);
        }
    }

    /** This process's CPU time over the window, in percent of one core. */
    private static double processCpuPercent() throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        Thread.sleep(WINDOW_MILLIS);
        return 100.0 * (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - t0);
    }

    private static double qemuIdleCpuPercent(Appliance tiny, long memory) throws Exception {
        try (ProcessConsole qemu = ProcessConsole.qemu(List.of("-m", (memory >> 20) + "M", "-smp", "1",
                "-kernel", tiny.kernel().toString(), "-initrd", tiny.initrd().toString(), "-append", tiny.cmdline()))) {
            qemu.await(Appliance.READY_MARKER, BOOT_TIMEOUT);
            Thread.sleep(SETTLE_MILLIS);
            long cpu0 = qemu.cpuTime().toNanos(), t0 = System.nanoTime();
            Thread.sleep(WINDOW_MILLIS);
            return 100.0 * (qemu.cpuTime().toNanos() - cpu0) / (System.nanoTime() - t0);
        }
    }

    /** VmRSS of this process, from /proc (Linux). */
    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
