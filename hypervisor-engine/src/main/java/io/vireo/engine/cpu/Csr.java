package io.vireo.engine.cpu;

import io.vireo.engine.mmu.Mmu;

/**
 * The CSRs a hart implements, as the privileged spec's tables list them: the number, who may access it
 * (URW, URO, SRW), the bits a write can change, and the extra condition some need. Any other number, the
 * M- and H-mode CSRs the engine keeps to itself included, is an illegal instruction. {@link CsrFile} holds
 * the values and what reading and writing each one does.
 */
enum Csr {
    FFLAGS(0x001, Access.URW, 0x1F, Gate.FLOATING_POINT),
    FRM(0x002, Access.URW, 0x7, Gate.FLOATING_POINT),
    FCSR(0x003, Access.URW, 0xFF, Gate.FLOATING_POINT),
    CYCLE(0xC00, Access.URO, 0, Gate.COUNTER_ENABLED),
    TIME(0xC01, Access.URO, 0, Gate.COUNTER_ENABLED),
    INSTRET(0xC02, Access.URO, 0, Gate.COUNTER_ENABLED),
    SSTATUS(0x100, Access.SRW, Status.SIE | Status.SPIE | Status.SPP | Status.FS | Status.SUM | Status.MXR, Gate.NONE),
    SIE(0x104, Access.SRW, Interrupt.SSIP | Interrupt.STIP | Interrupt.SEIP, Gate.NONE),
    /** MODE is WARL: the reserved modes read back as Direct. */
    STVEC(0x105, Access.SRW, -1L, Gate.NONE),
    /** CY, TM, IR: the counters U-mode may read. */
    SCOUNTEREN(0x106, Access.SRW, 0b111, Gate.NONE),
    /** Only FIOM. */
    SENVCFG(0x10A, Access.SRW, 1, Gate.NONE),
    SSCRATCH(0x140, Access.SRW, -1L, Gate.NONE),
    /** IALIGN is 16 (the C extension): only bit 0 is always zero. */
    SEPC(0x141, Access.SRW, ~1L, Gate.NONE),
    SCAUSE(0x142, Access.SRW, -1L, Gate.NONE),
    STVAL(0x143, Access.SRW, -1L, Gate.NONE),
    /** Only SSIP: STIP follows stimecmp and SEIP the PLIC. */
    SIP(0x144, Access.SRW, Interrupt.SSIP, Gate.NONE),
    /** Sstc. */
    STIMECMP(0x14D, Access.SRW, -1L, Gate.NONE),
    /** No ASID bits (ASIDLEN 0); a write of an unsupported MODE is ignored, so the kernel can probe. */
    SATP(0x180, Access.SRW, ~(0xFFFFL << 44), Gate.NONE);

    /** The spec's access column: the lowest privilege that may use the CSR, and whether it is read-only. */
    enum Access {
        URW(Mmu.USER, false), URO(Mmu.USER, true), SRW(Mmu.SUPERVISOR, false);

        final int lowestPrivilege;
        final boolean readOnly;

        Access(int lowestPrivilege, boolean readOnly) {
            this.lowestPrivilege = lowestPrivilege;
            this.readOnly = readOnly;
        }
    }

    /** What else an access needs, failing which it is an illegal instruction. */
    enum Gate {
        NONE,
        /** sstatus.FS is not Off. */
        FLOATING_POINT,
        /** In U-mode, the counter's bit in scounteren (bit i for CSR 0xC00 + i). */
        COUNTER_ENABLED
    }

    /** sstatus's fields: the S-mode view of mstatus. */
    static final class Status {
        static final long SIE = 1L << 1, SPIE = 1L << 5, SPP = 1L << 8, FS = 3L << 13, SUM = 1L << 18, MXR = 1L << 19;
        /** UXL, read-only: U-mode is 64-bit. */
        static final long UXL_64 = 2L << 32;
        /** SD, read-only: FS is Dirty. */
        static final long SD = 1L << 63;

        private Status() {
        }
    }

    /** sip's and sie's bits: bit i stands for interrupt cause i. */
    static final class Interrupt {
        static final long SSIP = 1L << 1, STIP = 1L << 5, SEIP = 1L << 9;

        private Interrupt() {
        }
    }

    private static final Csr[] BY_NUMBER = new Csr[4096];

    static {
        for (Csr c : values()) {
            BY_NUMBER[c.number] = c;
        }
    }

    final int number;
    final Access access;
    /** The bits a write can change; the rest keep their value or read as fixed. */
    final long writable;
    final Gate gate;

    Csr(int number, Access access, long writable, Gate gate) {
        this.number = number;
        this.access = access;
        this.writable = writable;
        this.gate = gate;
    }

    /** The CSR with 12-bit number {@code number}, or null if this hart has none. */
    static Csr byNumber(int number) {
        return BY_NUMBER[number];
    }
}
