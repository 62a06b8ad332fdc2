package io.vireo.bench;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmCounters;
import io.vireo.engine.vm.VmSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Guest work after boot, one hart, in the tiny appliance over its serial console: hashing, compressing, a
 * floating-point loop and a fork/exec loop, each timed on Vireo and on qemu-system-riscv64 (TCG) with the same
 * kernel, initramfs and memory. Prints seconds for both and the ratio, then where Vireo's instructions ran
 * during each workload ({@link SplitReport}).
 *
 * <p>The gzip input is busybox's own binary repeated to 32 MiB in the guest's tmpfs, made before the clock
 * starts: real machine code compresses the way real files do, which zeros or a counter would not.
 */
public final class WorkloadBenchmark {
    private static final long MEMORY = 512L << 20;
    private static final Duration BOOT = Duration.ofMinutes(5);
    private static final Duration WORK = Duration.ofMinutes(10);
    private static final String PREPARE = "i=0; while [ $i -lt 64 ]; do cat /bin/busybox; i=$((i+1)); done"
            + " | head -c 33554432 > /tmp/gzip.in";

    /** One timed guest command and what it is called in the output. */
    private record Workload(String name, String command) {
    }

    private static final List<Workload> WORKLOADS = List.of(
            new Workload("sha256sum 64 MiB", "dd if=/dev/zero bs=1M count=64 2>/dev/null | sha256sum"),
            new Workload("gzip -c 32 MiB", "gzip -c /tmp/gzip.in | wc -c"),
            new Workload("awk float loop", "awk 'BEGIN { s = 0; for (i = 1; i <= 200000; i++) s += i * 1.0001 / (i + 0.5); print s }'"),
            new Workload("fork/exec x500", "i=0; while [ $i -lt 500 ]; do /bin/busybox true; i=$((i+1)); done"));

    private WorkloadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        VmSpec spec = VmSpec.of("workload-bench", 1, MEMORY, tiny.kernel(), tiny.initrd(), tiny.cmdline());
        List<Double> vireo, qemu;
        List<String> splits = new ArrayList<>();
        try (VmConsole c = new VmConsole(spec)) {
            vireo = measure(c, c.vm(), splits);
        }
        try (GuestConsole c = ProcessConsole.qemu(List.of("-m", (MEMORY >> 20) + "M", "-smp", "1",
                "-kernel", tiny.kernel().toString(), "-initrd", tiny.initrd().toString(), "-append", tiny.cmdline()))) {
            qemu = measure(c, null, new ArrayList<>());
        }
        System.out.printf("guest workloads, tiny appliance (kernel %s), 1 hart, %d MiB:%n",
                tiny.kernelVersion(), MEMORY >> 20);
        System.out.printf("  %-18s %9s %9s %7s%n", "workload", "vireo s", "qemu s", "ratio");
        for (int i = 0; i < WORKLOADS.size(); i++) {
            System.out.printf("  %-18s %9.2f %9.2f %7.2f%n", WORKLOADS.get(i).name(), vireo.get(i), qemu.get(i),
                    vireo.get(i) / qemu.get(i));
        }
        System.out.println("where Vireo's instructions ran, per workload:");
        for (int i = 0; i < WORKLOADS.size(); i++) {
            System.out.println("  " + WORKLOADS.get(i).name() + ":");
            System.out.println(splits.get(i));
        }
    }

    /**
     * Boots to the shell, prepares the gzip input, then times each workload in order; with the Vireo {@code vm}
     * behind the console, adds where each workload's instructions ran to {@code splits}.
     */
    private static List<Double> measure(GuestConsole c, VirtualMachine vm, List<String> splits) throws Exception {
        c.await(Appliance.READY_MARKER, BOOT);
        c.await("# ", BOOT);
        c.timed(PREPARE, "PREP", WORK);
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < WORKLOADS.size(); i++) {
            VmCounters before = vm == null ? null : vm.counters();
            seconds.add(c.timed(WORKLOADS.get(i).command(), "W" + i, WORK));
            if (vm != null) {
                splits.add(SplitReport.between(before, vm.counters()));
            }
        }
        return seconds;
    }
}
