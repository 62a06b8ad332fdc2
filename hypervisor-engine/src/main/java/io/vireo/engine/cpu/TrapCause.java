package io.vireo.engine.cpu;

/** Trap causes with the privileged spec's numbers (interrupts have the scause interrupt bit set). */
public enum TrapCause {
    INSTRUCTION_MISALIGNED(false, 0),
    INSTRUCTION_ACCESS_FAULT(false, 1),
    ILLEGAL_INSTRUCTION(false, 2),
    BREAKPOINT(false, 3),
    LOAD_MISALIGNED(false, 4),
    LOAD_ACCESS_FAULT(false, 5),
    STORE_MISALIGNED(false, 6),
    STORE_ACCESS_FAULT(false, 7),
    ECALL_FROM_U(false, 8),
    ECALL_FROM_S(false, 9),
    INSTRUCTION_PAGE_FAULT(false, 12),
    LOAD_PAGE_FAULT(false, 13),
    STORE_PAGE_FAULT(false, 15),
    SUPERVISOR_SOFTWARE_INTERRUPT(true, 1),
    SUPERVISOR_TIMER_INTERRUPT(true, 5),
    SUPERVISOR_EXTERNAL_INTERRUPT(true, 9);

    public final boolean interrupt;
    public final int code;

    TrapCause(boolean interrupt, int code) {
        this.interrupt = interrupt;
        this.code = code;
    }

    /** The scause value. */
    public long scause() {
        return interrupt ? (1L << 63) | code : code;
    }

    private static final TrapCause[] EXCEPTIONS = new TrapCause[16];

    static {
        for (TrapCause c : values()) {
            if (!c.interrupt) {
                EXCEPTIONS[c.code] = c;
            }
        }
    }

    public static TrapCause exception(int code) {
        TrapCause c = code >= 0 && code < EXCEPTIONS.length ? EXCEPTIONS[code] : null;
        if (c == null) {
            throw new IllegalArgumentException("no exception with code " + code);
        }
        return c;
    }
}
