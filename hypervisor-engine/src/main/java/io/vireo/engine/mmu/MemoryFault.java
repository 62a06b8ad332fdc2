package io.vireo.engine.mmu;

/**
 * A guest access the MMU refused: a page fault or an access fault, with the spec's cause number and
 * the faulting virtual address. Preallocated and stackless: faults are guest control flow, not errors.
 */
public final class MemoryFault extends RuntimeException {
    private int cause;
    private long address;

    MemoryFault() {
        super(null, null, false, false);
    }

    MemoryFault set(int cause, long address) {
        this.cause = cause;
        this.address = address;
        return this;
    }

    public int cause() {
        return cause;
    }

    public long address() {
        return address;
    }
}
