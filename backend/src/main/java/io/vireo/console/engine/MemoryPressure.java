package io.vireo.console.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vireo.engine.host.MemoryReclaim;

/**
 * When the host overcommits memory and runs short (less available than its reserve), takes memory back
 * through the balloons of the powered-on VMs, the idlest first, each down to its memory minimum. Memory taken
 * stays taken until someone raises the VM's memory again.
 */
final class MemoryPressure {
    private static final long MIB = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(MemoryPressure.class);

    private final boolean overcommitted;
    private final long reserveBytes;
    private final LongSupplier availableBytes;

    MemoryPressure(double memoryOvercommit, long reserveMib, LongSupplier availableBytes) {
        this.overcommitted = memoryOvercommit > 1;
        this.reserveBytes = reserveMib * MIB;
        this.availableBytes = availableBytes;
    }

    void relieve(Collection<RunningVm> running) {
        if (!overcommitted) {
            return;
        }
        long shortBytes = reserveBytes - availableBytes.getAsLong();
        if (shortBytes <= 0) {
            return;
        }
        List<MemoryReclaim.Candidate<RunningVm>> candidates = new ArrayList<>();
        for (RunningVm vm : running) {
            long memory = vm.machine().memoryTargetBytes();
            candidates.add(new MemoryReclaim.Candidate<>(vm, vm.lastCpuPercent(), memory, vm.memoryMinBytes()));
        }
        for (MemoryReclaim.Step<RunningVm> step : MemoryReclaim.plan(shortBytes, candidates)) {
            log.info("host memory is short by {} MiB: VM {} is left {} MiB", shortBytes / MIB, step.vm().id(),
                    step.memoryBytes() / MIB);
            step.vm().machine().resizeMemory(step.memoryBytes());
        }
    }
}
