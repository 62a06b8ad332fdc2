package io.vireo.engine.cpu;

import io.vireo.engine.cpu.jit.RegionContext;
import io.vireo.engine.cpu.jit.TranslatedRegion;
import io.vireo.engine.cpu.jit.TranslationCache;
import io.vireo.engine.mmu.Access;
import io.vireo.engine.mmu.MemoryFault;
import io.vireo.engine.mmu.Mmu;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * One RV64GC hart running in S- and U-mode. The engine plays M-mode: S-mode {@code ecall}s go to the
 * {@link SupervisorCallHandler} (SBI), all delegable traps and interrupts go to S-mode.
 *
 * <p>{@link #run} executes a bounded slice and says why it returned, so one thread per hart or a shared
 * pool can drive it. Other threads only touch a hart through the thread-safe methods at the end
 * (interrupts, remote fences, wake-up).
 */
public final class Hart {
    public enum StopReason { SLICE_USED, WAITING_FOR_INTERRUPT, HALTED }

    private static final int CHUNK = 2048;

    final int id;
    final long[] x = new long[32];
    long pc;
    final FloatState fp = new FloatState();
    private final Mmu mmu;
    private final MemorySegment ram;
    private final GuestClock clock;
    private final Trap trap = new Trap();
    /** Null when this hart only interprets. */
    private final TranslationCache translations;
    private final RegionContext regionContext;

    private final CsrFile csrs;
    private final HartMailbox mailbox = new HartMailbox();

    private final Reservation reservation;
    private boolean waiting;
    /** Set by a system instruction whose effect the run loop must see before the next instruction. */
    private boolean recheck;

    private final InstructionFetch fetch;

    private final Traps traps;

    public Hart(int id, Mmu mmu, GuestClock clock, SupervisorCallHandler supervisorCalls) {
        this(id, mmu, clock, supervisorCalls, null);
    }

    /** A hart that runs hot code from {@code translations} (shared by the machine's harts), or only interprets if null. */
    public Hart(int id, Mmu mmu, GuestClock clock, SupervisorCallHandler supervisorCalls, TranslationCache translations) {
        this.id = id;
        this.translations = translations;
        this.regionContext = new RegionContext(x, mmu);
        this.mmu = mmu;
        this.ram = mmu.ram();
        this.fetch = new InstructionFetch(mmu);
        this.reservation = new Reservation(ram);
        this.csrs = new CsrFile(mmu, fetch, fp, clock, mailbox, trap);
        this.traps = new Traps(this, csrs, reservation, supervisorCalls, trap);
        this.clock = clock;
    }

    public int id() {
        return id;
    }

    /** Puts the hart at {@code entry} in S-mode with a0/a1 set and the MMU off, as at a Linux boot or HSM start. */
    public void reset(long entry, long a0, long a1) {
        java.util.Arrays.fill(x, 0);
        fp.reset();
        x[10] = a0;
        x[11] = a1;
        pc = entry;
        csrs.reset();
        mailbox.clearInterrupts();
        reservation.clear();
        waiting = false;
        fetch.forget();
    }

    // ---- registers, for SBI and tests ----

    public long register(int index) {
        return x[index];
    }

    public void setRegister(int index, long value) {
        if (index != 0) {
            x[index] = value;
        }
    }

    public long pc() {
        return pc;
    }

    public int privilege() {
        return csrs.privilege;
    }

    public long instructionsRetired() {
        return csrs.instret;
    }

    public long trapCount(TrapCause cause) {
        return traps.count(cause);
    }

    public Mmu mmu() {
        return mmu;
    }

    /** Sets the S-mode timer compare (SBI set_timer and the Sstc stimecmp CSR). */
    public void setTimerCompare(long value) {
        csrs.stimecmp = value;
    }

    // ---- the run loop ----

    /**
     * Runs up to {@code budget} steps and returns why it stopped. A step is a retired instruction or a
     * trap taken, so a guest that does nothing but fault still gives its thread back.
     */
    public StopReason run(long budget) {
        long spent = 0;
        while (spent < budget) {
            if (mailbox.takeHaltRequest()) {
                return StopReason.HALTED;
            }
            serviceRequests();
            checkInterrupts();
            if (waiting) {
                if (!traps.interruptPending()) {
                    return StopReason.WAITING_FOR_INTERRUPT;
                }
                waiting = false;
            }
            long before = csrs.instret;
            try {
                interpret((int) Math.min(CHUNK, budget - spent));
            } catch (Trap t) {
                pc = traps.enter(t.cause, t.tval, pc);
                spent++;
            } catch (MemoryFault f) {
                pc = traps.enter(TrapCause.exception(f.cause()), f.address(), pc);
                spent++;
            }
            spent += csrs.instret - before;
        }
        return StopReason.SLICE_USED;
    }

    /** Host nanoseconds until the timer would wake this hart (Long.MAX_VALUE if it is not armed). */
    public long nanosUntilTimer() {
        return csrs.stimecmp == -1L ? Long.MAX_VALUE : clock.nanosUntil(csrs.stimecmp);
    }

    private void serviceRequests() {
        int fences = mailbox.takeFences();
        if ((fences & HartMailbox.FLUSH_TLB) != 0) {
            mmu.flush();
        }
        if (fences != 0) {
            fetch.forget();
        }
    }

    private void checkInterrupts() {
        TrapCause interrupt = traps.interruptToTake();
        if (interrupt != null) {
            waiting = false;
            pc = traps.enter(interrupt, 0, pc);
        }
    }

    private Trap illegal(long bits) {
        return trap.illegal(bits);
    }

    // ---- the interpreter ----

    private void interpret(int n) {
        final long[] x = this.x;
        final Mmu mmu = this.mmu;
        final InstructionFetch fetch = this.fetch;
        long pc = this.pc;
        int k = 0;
        // Control just landed here (entry, jump or branch): where a translated region may be entered.
        boolean landed = translations != null;
        try {
            for (; k < n; k++) {
                long d;
                int slot = (int) (pc & 0xFFF) >>> 1;
                if ((pc & ~0xFFFL) == fetch.vaPage) {
                    d = fetch.slots[slot];
                    if (d == 0) {
                        d = fetch.decode(pc, slot);
                    }
                } else {
                    d = fetch.enterPage(pc);
                }
                if (landed) {
                    TranslatedRegion region = translations.enter(fetch.ramPage, fetch.slots, slot, d);
                    if (region != null) {
                        long next;
                        try {
                            next = region.run(regionContext, pc, n - k);
                        } catch (RuntimeException e) {
                            pc = (pc & ~0xFFFL) | regionContext.faultOffset;
                            k += regionContext.retired;
                            throw e;
                        }
                        int retired = regionContext.retired;
                        if (retired > 0) {
                            pc = next;
                            k += retired - 1;
                            continue;
                        }
                    }
                }
                int op = Decoded.op(d);
                int rd = Decoded.rd(d), rs1 = Decoded.rs1(d), rs2 = Decoded.rs2(d);
                long imm = Decoded.imm(d);
                long next = pc + Decoded.length(d);
                // Also where straight-line code enters the next page: its region can be entered there.
                landed = translations != null && (op >= Op.JAL && op <= Op.BGEU || ((next ^ pc) & ~0xFFFL) != 0);
                switch (op) {
                    case Op.LUI -> x[rd] = imm;
                    case Op.AUIPC -> x[rd] = pc + imm;
                    case Op.JAL -> {
                        x[rd] = next;
                        next = pc + imm;
                    }
                    case Op.JALR -> {
                        long target = (x[rs1] + imm) & ~1L;
                        x[rd] = next;
                        next = target;
                    }
                    case Op.BEQ -> { if (x[rs1] == x[rs2]) next = pc + imm; }
                    case Op.BNE -> { if (x[rs1] != x[rs2]) next = pc + imm; }
                    case Op.BLT -> { if (x[rs1] < x[rs2]) next = pc + imm; }
                    case Op.BGE -> { if (x[rs1] >= x[rs2]) next = pc + imm; }
                    case Op.BLTU -> { if (Long.compareUnsigned(x[rs1], x[rs2]) < 0) next = pc + imm; }
                    case Op.BGEU -> { if (Long.compareUnsigned(x[rs1], x[rs2]) >= 0) next = pc + imm; }
                    case Op.LB -> x[rd] = mmu.load8(x[rs1] + imm);
                    case Op.LH -> x[rd] = mmu.load16(x[rs1] + imm);
                    case Op.LW -> x[rd] = mmu.load32(x[rs1] + imm);
                    case Op.LD -> x[rd] = mmu.load64(x[rs1] + imm);
                    case Op.LBU -> x[rd] = mmu.load8(x[rs1] + imm) & 0xFFL;
                    case Op.LHU -> x[rd] = mmu.load16(x[rs1] + imm) & 0xFFFFL;
                    case Op.LWU -> x[rd] = mmu.load32(x[rs1] + imm) & 0xFFFFFFFFL;
                    case Op.SB -> mmu.store8(x[rs1] + imm, (byte) x[rs2]);
                    case Op.SH -> mmu.store16(x[rs1] + imm, (short) x[rs2]);
                    case Op.SW -> mmu.store32(x[rs1] + imm, (int) x[rs2]);
                    case Op.SD -> mmu.store64(x[rs1] + imm, x[rs2]);
                    case Op.ADDI -> x[rd] = x[rs1] + imm;
                    case Op.SLTI -> x[rd] = x[rs1] < imm ? 1 : 0;
                    case Op.SLTIU -> x[rd] = Long.compareUnsigned(x[rs1], imm) < 0 ? 1 : 0;
                    case Op.XORI -> x[rd] = x[rs1] ^ imm;
                    case Op.ORI -> x[rd] = x[rs1] | imm;
                    case Op.ANDI -> x[rd] = x[rs1] & imm;
                    case Op.SLLI -> x[rd] = x[rs1] << imm;
                    case Op.SRLI -> x[rd] = x[rs1] >>> imm;
                    case Op.SRAI -> x[rd] = x[rs1] >> imm;
                    case Op.ADD -> x[rd] = x[rs1] + x[rs2];
                    case Op.SUB -> x[rd] = x[rs1] - x[rs2];
                    case Op.SLL -> x[rd] = x[rs1] << x[rs2];
                    case Op.SLT -> x[rd] = x[rs1] < x[rs2] ? 1 : 0;
                    case Op.SLTU -> x[rd] = Long.compareUnsigned(x[rs1], x[rs2]) < 0 ? 1 : 0;
                    case Op.XOR -> x[rd] = x[rs1] ^ x[rs2];
                    case Op.SRL -> x[rd] = x[rs1] >>> x[rs2];
                    case Op.SRA -> x[rd] = x[rs1] >> x[rs2];
                    case Op.OR -> x[rd] = x[rs1] | x[rs2];
                    case Op.AND -> x[rd] = x[rs1] & x[rs2];
                    case Op.ADDIW -> x[rd] = (int) (x[rs1] + imm);
                    case Op.SLLIW -> x[rd] = (int) x[rs1] << imm;
                    case Op.SRLIW -> x[rd] = (int) x[rs1] >>> imm;
                    case Op.SRAIW -> x[rd] = (int) x[rs1] >> imm;
                    case Op.ADDW -> x[rd] = (int) (x[rs1] + x[rs2]);
                    case Op.SUBW -> x[rd] = (int) (x[rs1] - x[rs2]);
                    case Op.SLLW -> x[rd] = (int) x[rs1] << (int) x[rs2];
                    case Op.SRLW -> x[rd] = (int) x[rs1] >>> (int) x[rs2];
                    case Op.SRAW -> x[rd] = (int) x[rs1] >> (int) x[rs2];
                    case Op.MUL -> x[rd] = x[rs1] * x[rs2];
                    case Op.MULH -> x[rd] = Math.multiplyHigh(x[rs1], x[rs2]);
                    case Op.MULHU -> x[rd] = Math.unsignedMultiplyHigh(x[rs1], x[rs2]);
                    case Op.MULHSU -> x[rd] = Math.multiplyHigh(x[rs1], x[rs2]) + ((x[rs2] >> 63) & x[rs1]);
                    case Op.DIV -> x[rd] = x[rs2] == 0 ? -1 : x[rs1] / x[rs2];
                    case Op.DIVU -> x[rd] = x[rs2] == 0 ? -1 : Long.divideUnsigned(x[rs1], x[rs2]);
                    case Op.REM -> x[rd] = x[rs2] == 0 ? x[rs1] : x[rs1] % x[rs2];
                    case Op.REMU -> x[rd] = x[rs2] == 0 ? x[rs1] : Long.remainderUnsigned(x[rs1], x[rs2]);
                    case Op.MULW -> x[rd] = (int) x[rs1] * (int) x[rs2];
                    case Op.DIVW -> x[rd] = (int) x[rs2] == 0 ? -1 : (int) x[rs1] / (int) x[rs2];
                    case Op.DIVUW -> x[rd] = (int) x[rs2] == 0 ? -1 : Integer.divideUnsigned((int) x[rs1], (int) x[rs2]);
                    case Op.REMW -> x[rd] = (int) x[rs2] == 0 ? (int) x[rs1] : (int) x[rs1] % (int) x[rs2];
                    case Op.REMUW -> x[rd] = (int) x[rs2] == 0 ? (int) x[rs1] : Integer.remainderUnsigned((int) x[rs1], (int) x[rs2]);
                    case Op.FENCE -> VarHandle.fullFence();
                    case Op.LR_W, Op.LR_D, Op.SC_W, Op.SC_D, Op.AMO_W, Op.AMO_D -> atomic(d, rd, rs1, rs2);
                    case Op.FLW -> {
                        requireFloat(d);
                        fp.f[rd] = 0xFFFFFFFF00000000L | (mmu.load32(x[rs1] + imm) & 0xFFFFFFFFL);
                        csrs.floatingPointWritten();
                    }
                    case Op.FLD -> {
                        requireFloat(d);
                        fp.f[rd] = mmu.load64(x[rs1] + imm);
                        csrs.floatingPointWritten();
                    }
                    case Op.FSW -> {
                        requireFloat(d);
                        mmu.store32(x[rs1] + imm, (int) fp.f[rs2]);
                    }
                    case Op.FSD -> {
                        requireFloat(d);
                        mmu.store64(x[rs1] + imm, fp.f[rs2]);
                    }
                    case Op.FP -> {
                        requireFloat(d);
                        if (!Fpu.execute((int) imm, fp, x)) {
                            throw illegal(imm);
                        }
                        csrs.floatingPointWritten();
                    }
                    default -> {
                        x[0] = 0;
                        this.pc = pc;
                        csrs.uncounted = k;
                        next = system(d, rd, rs1, rs2, (int) imm, next);
                        if (recheck) {
                            // Privilege, interrupt enables or the timer changed: let the run loop look again.
                            recheck = false;
                            x[0] = 0;
                            this.pc = next;
                            csrs.instret += k + 1;
                            return;
                        }
                    }
                }
                x[0] = 0;
                pc = next;
            }
        } catch (RuntimeException e) {
            // pc still names the instruction that raised: the trap's sepc.
            this.pc = pc;
            csrs.instret += k;
            throw e;
        }
        this.pc = pc;
        csrs.instret += k;
    }

    private void requireFloat(long d) {
        if (!csrs.floatingPointOn()) {
            throw illegal(Decoded.op(d) == Op.FP ? Decoded.imm(d) : 0);
        }
    }

    private void atomic(long d, int rd, int rs1, int rs2) {
        long va = x[rs1];
        switch (Decoded.op(d)) {
            case Op.LR_W, Op.LR_D -> {
                int width = Decoded.op(d) == Op.LR_W ? 4 : 8;
                x[rd] = reservation.loadReserved(atomicOffset(va, width, Access.LOAD), width);
            }
            case Op.SC_W, Op.SC_D -> {
                int width = Decoded.op(d) == Op.SC_W ? 4 : 8;
                x[rd] = reservation.storeConditional(atomicOffset(va, width, Access.STORE), width, x[rs2]) ? 0 : 1;
            }
            case Op.AMO_W -> {
                long off = atomicOffset(va, 4, Access.STORE);
                x[rd] = Atomics.amo32(ram, off, Decoded.aux(d), x[rs2]);
            }
            default -> {
                long off = atomicOffset(va, 8, Access.STORE);
                x[rd] = Atomics.amo64(ram, off, Decoded.aux(d), x[rs2]);
            }
        }
    }

    private long atomicOffset(long va, int width, Access access) {
        if ((va & (width - 1)) != 0) {
            throw trap.set(access == Access.LOAD ? TrapCause.LOAD_MISALIGNED : TrapCause.STORE_MISALIGNED, va);
        }
        return mmu.atomicOffset(va, width, access);
    }

    /** Executes a SYSTEM/FENCE.I/illegal instruction; returns the next pc. */
    private long system(long d, int rd, int rs1, int rs2, int imm, long next) {
        switch (Decoded.op(d)) {
            case Op.ECALL -> {
                traps.environmentCall();
                recheck = true;
                return next;
            }
            case Op.EBREAK -> throw trap.set(TrapCause.BREAKPOINT, pc);
            case Op.SRET -> {
                if (csrs.privilege == Mmu.USER) {
                    throw illegal(imm);
                }
                recheck = true;
                return traps.returnFromTrap();
            }
            case Op.WFI -> {
                if (csrs.privilege == Mmu.USER) {
                    throw illegal(imm);
                }
                waiting = true;
                recheck = true;
                return next;
            }
            case Op.SFENCE_VMA -> {
                if (csrs.privilege == Mmu.USER) {
                    throw illegal(imm);
                }
                mmu.flush();
                fetch.forget();
                return next;
            }
            case Op.FENCE_I -> {
                // Writes already dropped stale decodes (see CodeCache); only this hart's fetch state remains.
                fetch.forget();
                return next;
            }
            case Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI -> {
                csrInstruction(d, rd, rs1, imm);
                return next;
            }
            default -> throw illegal(Decoded.imm(d));
        }
    }

    // ---- CSRs ----

    private void csrInstruction(long d, int rd, int rs1, int number) {
        int op = Decoded.op(d);
        long operand = op >= Op.CSRRWI ? rs1 : x[rs1];
        boolean writes = op == Op.CSRRW || op == Op.CSRRWI || rs1 != 0;
        long raw = 0x73L | ((long) rd << 7) | ((long) rs1 << 15) | ((long) number << 20);
        Csr csr = csrs.accessible(number, writes, raw);
        long old = csrs.read(csr);
        if (writes) {
            long value = switch (op) {
                case Op.CSRRW, Op.CSRRWI -> operand;
                case Op.CSRRS, Op.CSRRSI -> old | operand;
                default -> old & ~operand;
            };
            recheck |= csrs.write(csr, value);
        }
        x[rd] = old;
    }

    // ---- thread-safe entry points for other harts and devices ----

    public void setWaker(Runnable waker) {
        mailbox.setWaker(waker);
    }

    /** An IPI: sets SSIP (SBI send_ipi). */
    public void raiseSoftwareInterrupt() {
        mailbox.setInterrupt(Csr.Interrupt.SSIP, true);
        mailbox.wake();
    }

    /** The PLIC's external-interrupt wire for this hart's S-mode context. */
    public void setExternalInterrupt(boolean asserted) {
        mailbox.setInterrupt(Csr.Interrupt.SEIP, asserted);
        if (asserted) {
            mailbox.wake();
        }
    }

    /** Remote SFENCE.VMA (SBI RFENCE): applied before this hart executes its next instruction. */
    public void requestTlbFlush() {
        mailbox.requestTlbFlush();
        mailbox.wake();
    }

    /** Remote FENCE.I (SBI RFENCE). */
    public void requestFenceI() {
        mailbox.requestFenceI();
        mailbox.wake();
    }

    /** Makes {@link #run} return {@link StopReason#HALTED} before the next instruction (HSM stop, power off). */
    public void requestHalt() {
        mailbox.requestHalt();
        mailbox.wake();
    }

    /** Applies remote fences requested of this hart now; only on the hart's own thread (while it waits in SBI). */
    public void applyPendingRequests() {
        serviceRequests();
    }

    /** Whether a remote fence is still waiting to be applied by this hart. */
    public boolean hasPendingRequests() {
        return mailbox.hasFences();
    }

    /** Wakes the hart if it is parked (timer reprogrammed, stop requested). */
    public void wake() {
        mailbox.wake();
    }
}
