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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Boots N idle tiny VMs (1 vCPU, 128 MiB by default) in this one engine process, as the console embeds it:
 * the first N-1 as many at a time as the host has cores, then the last alone among them, whose boot time
 * is reported. Then measures what they cost together while idle: host CPU (percent of one core), and
 * resident memory per VM beyond the guest memory it touched (heap, code cache and threads included, the way
 * Firecracker's memory test counts its overhead). One idle QEMU TCG VM of the same guest is measured in the
 * same run for comparison. Ends with the one {@code density:} line scripts read.
 *
 * <p>The tiny guest does not boot in 64 MiB, in QEMU either: its kernel image takes 37 MiB and its sparse
 * memory map asks for 32 MiB more at once ("memblocks_present: Failed to allocate 0x2000000 bytes").
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
            vms.addAll(bootTogether(n - 1, memory, tiny));
            long start = System.nanoTime();
            boot(n - 1, memory, tiny, vms);
            lastBoot = (System.nanoTime() - start) / 1e9;
            System.out.printf("  VM %d (the last, alone) ready in %.1f s%n", n, lastBoot);
            Thread.sleep(SETTLE_MILLIS);
            double idleCpu = processCpuPercent();
            System.gc();
            long touched = vms.stream().mapToLong(v -> v.vm().residentMemoryBytes()).sum();
            double overhead = (settledResidentBytes() - rssBefore - touched) / (double) n / (1 << 20);
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

    /**
     * Boots the first {@code count} VMs, as many at a time as the host has cores, so that a hundred of them
     * take minutes rather than an hour; the VM whose boot time is reported then boots alone among them.
     */
    private static List<VmConsole> bootTogether(int count, long memory, Appliance tiny) throws Exception {
        List<VmConsole> started = Collections.synchronizedList(new ArrayList<>());
        ExecutorService boots = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<VmConsole>> ready = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                ready.add(boots.submit(() -> {
                    long start = System.nanoTime();
                    VmConsole vm = boot(index, memory, tiny, started);
                    System.out.printf("  VM %d ready in %.1f s%n", index + 1, (System.nanoTime() - start) / 1e9);
                    return vm;
                }));
            }
            for (Future<VmConsole> vm : ready) {
                vm.get();
            }
            return List.copyOf(started);
        } catch (Exception e) {
            started.forEach(VmConsole::close);
            throw e;
        } finally {
            boots.shutdownNow();
        }
    }

    /** Starts VM {@code index}, adds it to {@code started} (to be closed) and waits until its guest is ready. */
    private static VmConsole boot(int index, long memory, Appliance tiny, List<VmConsole> started) throws Exception {
        VmConsole vm = new VmConsole(VmSpec.of("idle" + index, 1, memory, tiny.kernel(), tiny.initrd(), tiny.cmdline()));
        started.add(vm);
        vm.await(Appliance.READY_MARKER, BOOT_TIMEOUT);
        return vm;
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

    /**
     * This process's resident memory once it has not fallen for 3 s: G1 gives the heap a collection freed back to the
     * host on a background thread, a second or two after the collection returned, and reading at once counted
     * that free heap as the VMs' overhead (72 MiB per VM at N=10 instead of 34).
     */
    private static long settledResidentBytes() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long lowest = residentBytes(), lowestAt = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - lowestAt < Duration.ofSeconds(3).toNanos()) {
            Thread.sleep(250);
            long now = residentBytes();
            if (now < lowest) {
                lowest = now;
                lowestAt = System.nanoTime();
            }
        }
        return lowest;
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
