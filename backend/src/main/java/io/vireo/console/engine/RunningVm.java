package io.vireo.console.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

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
    private VmCounters last = VmCounters.ZERO;
    private long lastAt = System.nanoTime();

    RunningVm(Long id, VirtualMachine machine, SerialLog serial, RunningNics nics, int maxSamples) {
        this.id = id;
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
                Math.round(cpu / seconds / 1e7 * 10) / 10.0));
        while (samples.size() > maxSamples) {
            samples.removeFirst();
        }
        last = now;
        lastAt = at;
    }

    synchronized List<RuntimeStats.Sample> samples() {
        return new ArrayList<>(samples);
    }
}
