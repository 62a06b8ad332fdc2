package io.vireo.engine.cpu;

/** An exception raised by an instruction. Preallocated per hart and stackless: it is guest control flow. */
final class Trap extends RuntimeException {
    TrapCause cause;
    long tval;

    Trap() {
        super(null, null, false, false);
    }

    Trap set(TrapCause cause, long tval) {
        this.cause = cause;
        this.tval = tval;
        return this;
    }

    /** An illegal instruction; stval holds its bits (up to 32). */
    Trap illegal(long bits) {
        return set(TrapCause.ILLEGAL_INSTRUCTION, bits & 0xFFFFFFFFL);
    }
}
