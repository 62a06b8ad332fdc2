package io.vireo.engine.mmu;

/** The three kinds of guest memory access; each has its own fault causes and TLB. */
public enum Access {
    FETCH(1, 12), LOAD(5, 13), STORE(7, 15);

    /** The spec's exception codes for an access fault and a page fault of this kind. */
    public final int accessFaultCause;
    public final int pageFaultCause;

    Access(int accessFaultCause, int pageFaultCause) {
        this.accessFaultCause = accessFaultCause;
        this.pageFaultCause = pageFaultCause;
    }
}
