package io.vireo.engine.cpu;

import io.vireo.engine.mmu.Mmu;

import static io.vireo.engine.cpu.Csr.Interrupt.SSIP;
import static io.vireo.engine.cpu.Csr.Interrupt.STIP;

/**
 * A hart's S-mode CSR state and its privilege mode, which decides which CSRs it may touch. {@link Csr}
 * states each register's access rules and writable bits; this class holds the values and does what reading
 * and writing each one means: the WARL fields, and the effects on the MMU, the instruction fetch, the float
 * state and interrupts.
 *
 * <p>sstatus keeps only its S-visible writable bits; UXL and SD are computed on read. The fields are
 * package-private for {@link Traps} (trap entry writes sepc, scause, stval and sstatus as the spec says) and
 * the interpreter (sstatus.FS). Only the hart's own thread uses this class.
 */
final class CsrFile {
    private final Mmu mmu;
    private final InstructionFetch fetch;
    private final FloatState fp;
    private final GuestClock clock;
    private final HartMailbox mailbox;
    private final Trap trap;

    int privilege = Mmu.SUPERVISOR;
    long status;
    long interruptEnable;
    long stvec, sscratch, sepc, scause, stval, satp, scounteren, senvcfg;
    /** Sstc's timer compare; -1 (never) until the kernel sets it. */
    long stimecmp = -1L;
    /** Instructions retired, which the instret and cycle counters read. */
    long instret;
    /** Instructions the interpreter's current chunk retired but has not yet added to {@link #instret}. */
    int uncounted;

    CsrFile(Mmu mmu, InstructionFetch fetch, FloatState fp, GuestClock clock, HartMailbox mailbox, Trap trap) {
        this.mmu = mmu;
        this.fetch = fetch;
        this.fp = fp;
        this.clock = clock;
        this.mailbox = mailbox;
        this.trap = trap;
    }

    /** The state of a hart that starts in S-mode with the MMU off (instret keeps counting). */
    void reset() {
        status = 0;
        interruptEnable = 0;
        stvec = sscratch = sepc = scause = stval = scounteren = senvcfg = 0;
        stimecmp = -1L;
        satp = 0;
        mmu.setSatp(0);
        setPrivilege(Mmu.SUPERVISOR);
        mmu.setStatusBits(false, false);
    }

    /** The CSRs in {@link HartState.Field} order, for a saved state. */
    long[] saved() {
        return new long[] {status, interruptEnable, stvec, sscratch, sepc, scause, stval, satp, scounteren, senvcfg,
                stimecmp, instret};
    }

    /** Takes the CSRs and privilege of a saved state (which checked them) and applies them to the MMU. */
    void restore(long[] csrs, int savedPrivilege) {
        status = csrs[0];
        interruptEnable = csrs[1];
        stvec = csrs[2];
        sscratch = csrs[3];
        sepc = csrs[4];
        scause = csrs[5];
        stval = csrs[6];
        satp = csrs[7];
        scounteren = csrs[8];
        senvcfg = csrs[9];
        stimecmp = csrs[10];
        instret = csrs[11];
        uncounted = 0;
        if (!mmu.setSatp(satp)) {
            throw new IllegalArgumentException("satp mode " + (satp >>> 60) + " is not implemented");
        }
        privilege = savedPrivilege;
        mmu.setPrivilege(savedPrivilege);
        mmu.setStatusBits((status & Csr.Status.SUM) != 0, (status & Csr.Status.MXR) != 0);
        fetch.forget();
    }

    void setPrivilege(int p) {
        if (p != privilege) {
            privilege = p;
            mmu.setPrivilege(p);
            fetch.forget();
        }
    }

    boolean floatingPointOn() {
        return (status & Csr.Status.FS) != 0;
    }

    /** An instruction changed the float state: sstatus.FS becomes Dirty. */
    void floatingPointWritten() {
        status |= Csr.Status.FS;
    }

    /** sip: the wires other threads set, and STIP once the time reaches stimecmp. */
    long pendingInterrupts() {
        long pending = mailbox.interrupts();
        if (stimecmp != -1L && Long.compareUnsigned(clock.ticks(), stimecmp) >= 0) {
            pending |= STIP;
        }
        return pending;
    }

    /**
     * The CSR with {@code number} if the current privilege may access it that way; otherwise throws the
     * illegal-instruction trap with {@code raw} as stval.
     */
    Csr accessible(int number, boolean writes, long raw) {
        Csr csr = Csr.byNumber(number);
        if (csr == null || privilege < csr.access.lowestPrivilege || writes && csr.access.readOnly) {
            throw trap.illegal(raw);
        }
        boolean gated = switch (csr.gate) {
            case NONE -> false;
            case FLOATING_POINT -> !floatingPointOn();
            case COUNTER_ENABLED -> privilege == Mmu.USER && (scounteren & (1L << (csr.number & 31))) == 0;
        };
        if (gated) {
            throw trap.illegal(raw);
        }
        return csr;
    }

    long read(Csr csr) {
        return switch (csr) {
            case FFLAGS -> fp.fflags;
            case FRM -> fp.frm;
            case FCSR -> (fp.frm << 5) | fp.fflags;
            case CYCLE, INSTRET -> instret + uncounted;
            case TIME -> clock.ticks();
            case SSTATUS -> readStatus();
            case SIE -> interruptEnable;
            case STVEC -> stvec;
            case SCOUNTEREN -> scounteren;
            case SENVCFG -> senvcfg;
            case SSCRATCH -> sscratch;
            case SEPC -> sepc;
            case SCAUSE -> scause;
            case STVAL -> stval;
            case SIP -> pendingInterrupts();
            case STIMECMP -> stimecmp;
            case SATP -> satp;
        };
    }

    private long readStatus() {
        long s = status | Csr.Status.UXL_64;
        return (s & Csr.Status.FS) == Csr.Status.FS ? s | Csr.Status.SD : s;
    }

    /**
     * Writes {@code value} (its writable bits) to {@code csr}, which {@link #accessible} allowed; returns
     * whether an interrupt may have become deliverable, which the run loop must look at before the next
     * instruction.
     */
    boolean write(Csr csr, long value) {
        long v = value & csr.writable;
        switch (csr) {
            case FFLAGS -> {
                fp.fflags = (int) v;
                floatingPointWritten();
            }
            case FRM -> {
                fp.frm = (int) v;
                floatingPointWritten();
            }
            case FCSR -> {
                fp.fflags = (int) v & 31;
                fp.frm = (int) (v >>> 5);
                floatingPointWritten();
            }
            case SSTATUS -> {
                boolean enabling = (status & Csr.Status.SIE) == 0 && (v & Csr.Status.SIE) != 0;
                status = v;
                mmu.setStatusBits((v & Csr.Status.SUM) != 0, (v & Csr.Status.MXR) != 0);
                return enabling;
            }
            case SIE -> {
                boolean enabling = (v & ~interruptEnable) != 0;
                interruptEnable = v;
                return enabling;
            }
            case STVEC -> stvec = (v & 3) >= 2 ? v & ~3L : v;
            case SCOUNTEREN -> scounteren = v;
            case SENVCFG -> senvcfg = v;
            case SSCRATCH -> sscratch = v;
            case SEPC -> sepc = v;
            case SCAUSE -> scause = v;
            case STVAL -> stval = v;
            case SIP -> {
                mailbox.setInterrupt(SSIP, v != 0);
                return true;
            }
            case STIMECMP -> {
                stimecmp = v;
                return true;
            }
            case SATP -> {
                if (mmu.setSatp(v)) {
                    satp = v;
                    fetch.forget();
                }
            }
            case CYCLE, TIME, INSTRET -> { }
        }
        return false;
    }
}
