package io.vireo.engine.cpu;

import io.vireo.engine.mmu.Access;
import io.vireo.engine.mmu.Mmu;

import java.lang.foreign.MemorySegment;

/**
 * The instructions that touch a hart's state beyond its integer registers and plain loads and stores: the F
 * and D extensions' loads, stores and arithmetic, the A extension's reservations and AMOs, and Zicsr. They are
 * too large to paste into a translated region, so the interpreter's switch and translated regions both call
 * {@link #execute} with the decoded instruction: one definition, and a region no longer ends before each of
 * them.
 */
public final class StatefulInstructions {
    private final long[] x;
    private final FloatState fp;
    private final Mmu mmu;
    private final MemorySegment ram;
    private final CsrFile csrs;
    private final Reservation reservation;
    private final Trap trap;

    StatefulInstructions(long[] x, FloatState fp, Mmu mmu, CsrFile csrs, Reservation reservation, Trap trap) {
        this.x = x;
        this.fp = fp;
        this.mmu = mmu;
        this.ram = mmu.ram();
        this.csrs = csrs;
        this.reservation = reservation;
        this.trap = trap;
    }

    /** Whether a translated region may call {@link #execute} for decoded instruction {@code d}. */
    public static boolean translatable(long d) {
        int op = Decoded.op(d);
        if (op >= Op.CSRRW && op <= Op.CSRRCI) {
            // Counter reads need the instructions the run retired so far, and a new satp may move the code.
            int number = (int) Decoded.imm(d);
            return number != Csr.CYCLE.number && number != Csr.INSTRET.number && number != Csr.SATP.number;
        }
        return op >= Op.LR_W && op <= Op.FP;
    }

    /**
     * Executes FLW, FLD, FSW, FSD, an OP-FP or fused multiply-add, LR, SC, an AMO or a CSR instruction; returns
     * whether an interrupt may have become deliverable, which the run loop must look at before the next
     * instruction. A trap propagates with nothing written.
     */
    public boolean execute(long d) {
        int op = Decoded.op(d), rd = Decoded.rd(d), rs1 = Decoded.rs1(d), rs2 = Decoded.rs2(d);
        long imm = Decoded.imm(d);
        boolean recheck = false;
        switch (op) {
            case Op.FLW -> {
                requireFloat(0);
                fp.f[rd] = 0xFFFFFFFF00000000L | (mmu.load32(x[rs1] + imm) & 0xFFFFFFFFL);
                csrs.floatingPointWritten();
            }
            case Op.FLD -> {
                requireFloat(0);
                fp.f[rd] = mmu.load64(x[rs1] + imm);
                csrs.floatingPointWritten();
            }
            case Op.FSW -> {
                requireFloat(0);
                mmu.store32(x[rs1] + imm, (int) fp.f[rs2]);
            }
            case Op.FSD -> {
                requireFloat(0);
                mmu.store64(x[rs1] + imm, fp.f[rs2]);
            }
            case Op.FP -> {
                requireFloat(imm);
                if (!Fpu.execute((int) imm, fp, x)) {
                    throw trap.illegal(imm);
                }
                csrs.floatingPointWritten();
            }
            case Op.LR_W, Op.LR_D, Op.SC_W, Op.SC_D, Op.AMO_W, Op.AMO_D -> atomic(op, Decoded.aux(d), rd, rs1, rs2);
            case Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI -> recheck = csr(op, rd, rs1, (int) imm);
            default -> throw new IllegalArgumentException("not a stateful instruction: op " + op);
        }
        x[0] = 0;
        return recheck;
    }

    private void requireFloat(long tval) {
        if (!csrs.floatingPointOn()) {
            throw trap.illegal(tval);
        }
    }

    private void atomic(int op, int aux, int rd, int rs1, int rs2) {
        long va = x[rs1];
        switch (op) {
            case Op.LR_W, Op.LR_D -> {
                int width = op == Op.LR_W ? 4 : 8;
                x[rd] = reservation.loadReserved(atomicOffset(va, width, Access.LOAD), width);
            }
            case Op.SC_W, Op.SC_D -> {
                int width = op == Op.SC_W ? 4 : 8;
                x[rd] = reservation.storeConditional(atomicOffset(va, width, Access.STORE), width, x[rs2]) ? 0 : 1;
            }
            case Op.AMO_W -> x[rd] = Atomics.amo32(ram, atomicOffset(va, 4, Access.STORE), aux, x[rs2]);
            default -> x[rd] = Atomics.amo64(ram, atomicOffset(va, 8, Access.STORE), aux, x[rs2]);
        }
    }

    private long atomicOffset(long va, int width, Access access) {
        if ((va & (width - 1)) != 0) {
            throw trap.set(access == Access.LOAD ? TrapCause.LOAD_MISALIGNED : TrapCause.STORE_MISALIGNED, va);
        }
        return mmu.atomicOffset(va, width, access);
    }

    /**
     * Zicsr: rd gets the CSR's old value, and the CSR the new one (CSRRW/CSRRWI always write; CSRRS/CSRRC and
     * their immediate forms only with a nonzero source, so that reading a read-only CSR is allowed).
     */
    private boolean csr(int op, int rd, int rs1, int number) {
        long operand = op >= Op.CSRRWI ? rs1 : x[rs1];
        boolean writes = op == Op.CSRRW || op == Op.CSRRWI || rs1 != 0;
        long raw = 0x73L | ((long) rd << 7) | ((long) rs1 << 15) | ((long) number << 20);
        Csr csr = csrs.accessible(number, writes, raw);
        long old = csrs.read(csr);
        boolean recheck = false;
        if (writes) {
            long value = switch (op) {
                case Op.CSRRW, Op.CSRRWI -> operand;
                case Op.CSRRS, Op.CSRRSI -> old | operand;
                default -> old & ~operand;
            };
            recheck = csrs.write(csr, value);
        }
        x[rd] = old;
        return recheck;
    }
}
