package io.vireo.engine.vm;

import io.vireo.engine.cpu.ExecutionSplit;
import io.vireo.engine.cpu.TrapCause;
import io.vireo.engine.cpu.jit.TranslationStats;
import io.vireo.engine.sbi.SbiExtension;

import java.util.Map;

/**
 * A snapshot of a VM's counters since it was powered on; {@code cpuNanos} is the host CPU time its harts
 * used, which stays low while the guest idles in WFI. {@code execution} splits the instructions between
 * the interpreter and translated code, {@code translation} is what translating cost.
 */
public record VmCounters(long instructionsRetired, long cpuNanos, Map<TrapCause, Long> trapsByCause,
                         Map<SbiExtension, Long> sbiCallsByExtension, ExecutionSplit execution,
                         TranslationStats translation) {
    public static final VmCounters ZERO = new VmCounters(0, 0, Map.of(), Map.of(), ExecutionSplit.ZERO,
            TranslationStats.ZERO);

    public VmCounters {
        trapsByCause = Map.copyOf(trapsByCause);
        sbiCallsByExtension = Map.copyOf(sbiCallsByExtension);
    }
}
