package io.vireo.engine.cpu.jit;

import io.vireo.engine.mmu.Mmu;

/** What a translated block works on: one hart's integer registers and memory view. */
public final class BlockContext {
    public final long[] x;
    public final Mmu mmu;
    /** Instructions the last block retired, written as it returns. */
    public int retired;
    /** Written only when a block faults; see {@link TranslatedBlock}. */
    public int faultPoint;

    public BlockContext(long[] x, Mmu mmu) {
        this.x = x;
        this.mmu = mmu;
    }
}
