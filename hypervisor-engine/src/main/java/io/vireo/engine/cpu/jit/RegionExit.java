package io.vireo.engine.cpu.jit;

/**
 * Why control left a translated region for the interpreter. A region records it as it returns (see
 * {@link RegionContext#exit}); faults and entries that retire nothing the interpreter sees for itself.
 */
public enum RegionExit {
    /** A branch, jump or the end of a run went to code of the same page the region did not take in. */
    LEFT_REGION,
    /** A branch, jump or straight-line code went on into another page. */
    OTHER_PAGE,
    /** An indirect jump (JALR) to another page, or to no entry of the region: the interpreter looks its target up. */
    INDIRECT_JUMP,
    /** The code at a target inside the region did not fit what was left of the interpreter's chunk. */
    BUDGET,
    /**
     * A CSR write that may have made an interrupt deliverable (interrupts enabled in sstatus or sie, sip or
     * stimecmp written): the run loop looks before the next instruction.
     */
    CSR_WRITE,
    /**
     * An instruction trapped: a load or store (a TLB miss that found no mapping, a device access, a misaligned
     * access), or a float or CSR instruction the hart's state does not allow.
     */
    FAULT,
    /** Entered with too little budget left to retire anything, or at an entry the region does not have. */
    NOTHING_RETIRED
}
