package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.StatefulInstructions;
import io.vireo.engine.mmu.Mmu;

/** What a translated region works on: one hart's integer registers, memory view and its other state's instructions. */
public final class RegionContext {
    public final long[] x;
    public final Mmu mmu;
    public final StatefulInstructions stateful;
    /** Instructions the last run retired, written as it returns or faults. */
    public int retired;
    /** Page offset of the instruction that faulted; written only when a run faults. */
    public int faultOffset;
    /** The {@link RegionExit} ordinal of the last run that returned (not of one that faulted). */
    public int exit;

    public RegionContext(long[] x, Mmu mmu, StatefulInstructions stateful) {
        this.x = x;
        this.mmu = mmu;
        this.stateful = stateful;
    }
}
