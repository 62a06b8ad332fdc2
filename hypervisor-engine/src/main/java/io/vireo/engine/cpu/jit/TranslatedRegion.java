package io.vireo.engine.cpu.jit;

/**
 * A {@link Region} compiled to JVM bytecode. A run either returns the next pc with
 * {@link RegionContext#retired} set, or a load or store faults: then the instructions before it have
 * retired (their register writes are in place), {@link RegionContext#retired} counts them,
 * {@link RegionContext#faultOffset} is the page offset of the faulting instruction, and the fault propagates.
 */
public abstract class TranslatedRegion {
    /**
     * Runs from virtual address {@code pc} (one of the region's entries), retiring at most {@code budget}
     * instructions; returns the pc of the next instruction. Retires none when the code at {@code pc} does
     * not fit the budget: the caller then runs that instruction itself.
     */
    public abstract long run(RegionContext context, long pc, int budget);
}
