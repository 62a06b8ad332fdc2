package io.vireo.console.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.vireo.engine.sched.CpuUsage;
import io.vireo.engine.sched.VcpuSample;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmCounters;

/** A VM the engine holds, with its serial log, its network cards and the recent samples of its counters. */
final class RunningVm {
    private final Long id;
    private final VirtualMachine machine;
    private final SerialLog serial;
    private final RunningNics nics;
    private final Deque<RuntimeStats.Sample> samples = new ArrayDeque<>();
    private final int maxSamples;
    private final long memoryMinBytes;
    private VmCounters last = VmCounters.ZERO;
    private long lastAt = System.nanoTime();
    private long lastSteal;
    private double stealPercent;
    private final Deque<List<Integer>> hostCores = new ArrayDeque<>();

    RunningVm(Long id, VirtualMachine machine, SerialLog serial, RunningNics nics, int maxSamples,
            long memoryMinBytes) {
        this.id = id;
        this.memoryMinBytes = memoryMinBytes;
        this.machine = machine;
        this.serial = serial;
        this.nics = nics;
        this.maxSamples = maxSamples;
    }

    Long id() {
        return id;
    }

    VirtualMachine machine() {
        return machine;
    }

    /** The least memory its balloon may leave it. */
    long memoryMinBytes() {
        return memoryMinBytes;
    }

    SerialLog serial() {
        return serial;
    }

    RunningNics nics() {
        return nics;
    }

    /** Turns the counters' growth since the last call into one sample; a reset starts the rates over. */
    synchronized void sample() {
        VmCounters now = machine.counters();
        long at = System.nanoTime();
        double seconds = Math.max(1e-3, (at - lastAt) / 1e9);
        long instructions = Math.max(0, now.instructionsRetired() - last.instructionsRetired());
        long cpu = Math.max(0, now.cpuNanos() - last.cpuNanos());
        samples.addLast(new RuntimeStats.Sample(System.currentTimeMillis(), Math.round(instructions / seconds),
                percentOfCore(cpu, seconds)));
        while (samples.size() > maxSamples) {
            samples.removeFirst();
        }
        CpuUsage usage = machine.cpuUsage();
        hostCores.addLast(usage.vcpus().stream()
                .map(v -> v.activity() == VcpuSample.Activity.RUNNING ? v.hostCore() : -1).toList());
        while (hostCores.size() > maxSamples) {
            hostCores.removeFirst();
        }
        long steal = usage.stealNanos();
        stealPercent = percentOfCore(Math.max(0, steal - lastSteal), seconds);
        last = now;
        lastAt = at;
        lastSteal = steal;
    }

    private static double percentOfCore(long nanos, double seconds) {
        return Math.round(nanos / seconds / 1e7 * 10) / 10.0;
    }

    /** Host CPU use over the last sample period (100 = one core), 0 before the first. */
    synchronized double lastCpuPercent() {
        return samples.isEmpty() ? 0 : samples.getLast().cpuPercent();
    }

    /** The VM's CPU over the last sample period, its memory, and its vCPUs' places now. */
    synchronized HostLoad.VmLoad load() {
        double cpu = lastCpuPercent();
        CpuUsage usage = machine.cpuUsage();
        return new HostLoad.VmLoad(machine.spec().harts(), machine.spec().memoryBytes() >> 20,
                machine.memoryTargetBytes() >> 20, machine.residentMemoryBytes() >> 20, cpu, stealPercent, usage.vcpus().stream()
                        .map(v -> new HostLoad.VcpuPlace(v.vcpu(), v.activity().name(), v.hostCore())).toList(),
                new ArrayList<>(hostCores));
    }

    synchronized List<RuntimeStats.Sample> samples() {
        return new ArrayList<>(samples);
    }
}
