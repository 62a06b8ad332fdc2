package io.vireo.engine.cpu;

import io.vireo.engine.cpu.jit.RegionContext;
import io.vireo.engine.cpu.jit.RegionExit;
import io.vireo.engine.cpu.jit.TranslatedRegion;
import io.vireo.engine.cpu.jit.TranslationCache;
import io.vireo.engine.mmu.Mmu;

import java.lang.invoke.VarHandle;

/**
 * A hart's interpreter: fetches through the decode cache, enters a translated region wherever control lands
 * on one, and executes everything else one decoded instruction at a time. It is the correctness baseline
 * the translated regions are tested against. Each case of its switch names the unit that defines what the
 * instruction does: {@link Alu} and {@link LoadStore} (whose bytecode translated regions run too),
 * {@link StatefulInstructions} (float, atomic and CSR instructions, which translated regions call), {@link Traps}.
 *
 * <p>The loop and its switch are the engine's hot path: one method, locals for the registers, the MMU and
 * the fetch window, a dense switch on {@link Op}, and only static or final calls, so HotSpot compiles it
 * into one tight loop.
 */
final class Interpreter {
    private static final int BUDGET = RegionExit.BUDGET.ordinal(), CSR_WRITE = RegionExit.CSR_WRITE.ordinal();
    private final Hart hart;
    private final long[] x;
    private final Mmu mmu;
    private final InstructionFetch fetch;
    private final CsrFile csrs;
    private final Traps traps;
    private final StatefulInstructions stateful;
    private final Trap trap;
    /** Null when the hart only interprets. */
    private final TranslationCache translations;
    private final RegionContext regionContext;
    final TierCounters counters = new TierCounters();
    /** Set by a system instruction whose effect the run loop must see before the next instruction. */
    private boolean recheck;

    Interpreter(Hart hart, InstructionFetch fetch, CsrFile csrs, Traps traps, Reservation reservation, Trap trap,
                TranslationCache translations) {
        this.hart = hart;
        this.x = hart.x;
        this.mmu = hart.mmu();
        this.fetch = fetch;
        this.csrs = csrs;
        this.traps = traps;
        this.stateful = new StatefulInstructions(x, hart.fp, mmu, csrs, reservation, trap);
        this.trap = trap;
        this.translations = translations;
        this.regionContext = new RegionContext(x, mmu, stateful);
    }

    /**
     * Runs up to {@code n} instructions from the hart's pc, fewer when one changes what the run loop must
     * look at (privilege, interrupt enables, the timer, WFI) or when a translated region's code does not fit
     * the rest of {@code n} (it is entered whole in the next run instead of interpreted). Leaves the hart's pc at the next instruction,
     * or at the one that trapped, whose trap propagates; instret counts what retired either way.
     */
    void run(int n) {
        final long[] x = this.x;
        final Mmu mmu = this.mmu;
        final InstructionFetch fetch = this.fetch;
        final TierCounters counters = this.counters;
        counters.chunks++;
        long pc = hart.pc;
        int k = 0;
        // Control just landed here (entry, jump or branch): where a translated region may be entered.
        boolean landed = translations != null;
        try {
            for (; k < n; k++) {
                long d;
                int slot = (int) (pc & 0xFFF) >>> 1;
                if ((pc & ~0xFFFL) == fetch.vaPage) {
                    d = fetch.slots.get(slot);
                    if (d == 0) {
                        d = fetch.decode(pc, slot);
                    }
                } else {
                    counters.pageChanges++;
                    d = fetch.enterPage(pc);
                }
                if (landed) {
                    TranslatedRegion region = translations.enter(fetch.ramPage, fetch.slots, slot, d);
                    if (region != null) {
                        long next;
                        counters.regionEntries++;
                        try {
                            next = region.run(regionContext, pc, n - k);
                        } catch (RuntimeException e) {
                            pc = (pc & ~0xFFFL) | regionContext.faultOffset;
                            k += regionContext.retired;
                            counters.translated += regionContext.retired;
                            counters.regionExits[RegionExit.FAULT.ordinal()]++;
                            throw e;
                        }
                        int retired = regionContext.retired;
                        counters.translated += retired;
                        if (retired > 0) {
                            counters.regionExits[regionContext.exit]++;
                            pc = next;
                            if (regionContext.exit == BUDGET || regionContext.exit == CSR_WRITE) {
                                k += retired;
                                break;
                            }
                            k += retired - 1;
                            continue;
                        }
                        counters.regionExits[RegionExit.NOTHING_RETIRED.ordinal()]++;
                        if (k > 0) {
                            // The region's code does not fit what is left of this chunk. Rather than interpret
                            // it, end the chunk early: the next one enters the region with a whole budget.
                            break;
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
                        long target = Alu.jalr(x[rs1], imm);
                        x[rd] = next;
                        next = target;
                    }
                    case Op.BEQ -> { if (Alu.beq(x[rs1], x[rs2])) next = pc + imm; }
                    case Op.BNE -> { if (Alu.bne(x[rs1], x[rs2])) next = pc + imm; }
                    case Op.BLT -> { if (Alu.blt(x[rs1], x[rs2])) next = pc + imm; }
                    case Op.BGE -> { if (Alu.bge(x[rs1], x[rs2])) next = pc + imm; }
                    case Op.BLTU -> { if (Alu.bltu(x[rs1], x[rs2])) next = pc + imm; }
                    case Op.BGEU -> { if (Alu.bgeu(x[rs1], x[rs2])) next = pc + imm; }
                    case Op.LB -> x[rd] = LoadStore.lb(mmu, x[rs1] + imm);
                    case Op.LH -> x[rd] = LoadStore.lh(mmu, x[rs1] + imm);
                    case Op.LW -> x[rd] = LoadStore.lw(mmu, x[rs1] + imm);
                    case Op.LD -> x[rd] = LoadStore.ld(mmu, x[rs1] + imm);
                    case Op.LBU -> x[rd] = LoadStore.lbu(mmu, x[rs1] + imm);
                    case Op.LHU -> x[rd] = LoadStore.lhu(mmu, x[rs1] + imm);
                    case Op.LWU -> x[rd] = LoadStore.lwu(mmu, x[rs1] + imm);
                    case Op.SB -> LoadStore.sb(mmu, x[rs1] + imm, x[rs2]);
                    case Op.SH -> LoadStore.sh(mmu, x[rs1] + imm, x[rs2]);
                    case Op.SW -> LoadStore.sw(mmu, x[rs1] + imm, x[rs2]);
                    case Op.SD -> LoadStore.sd(mmu, x[rs1] + imm, x[rs2]);
                    case Op.ADDI -> x[rd] = Alu.add(x[rs1], imm);
                    case Op.SLTI -> x[rd] = Alu.slt(x[rs1], imm);
                    case Op.SLTIU -> x[rd] = Alu.sltu(x[rs1], imm);
                    case Op.XORI -> x[rd] = Alu.xor(x[rs1], imm);
                    case Op.ORI -> x[rd] = Alu.or(x[rs1], imm);
                    case Op.ANDI -> x[rd] = Alu.and(x[rs1], imm);
                    case Op.SLLI -> x[rd] = Alu.sll(x[rs1], imm);
                    case Op.SRLI -> x[rd] = Alu.srl(x[rs1], imm);
                    case Op.SRAI -> x[rd] = Alu.sra(x[rs1], imm);
                    case Op.ADD -> x[rd] = Alu.add(x[rs1], x[rs2]);
                    case Op.SUB -> x[rd] = Alu.sub(x[rs1], x[rs2]);
                    case Op.SLL -> x[rd] = Alu.sll(x[rs1], x[rs2]);
                    case Op.SLT -> x[rd] = Alu.slt(x[rs1], x[rs2]);
                    case Op.SLTU -> x[rd] = Alu.sltu(x[rs1], x[rs2]);
                    case Op.XOR -> x[rd] = Alu.xor(x[rs1], x[rs2]);
                    case Op.SRL -> x[rd] = Alu.srl(x[rs1], x[rs2]);
                    case Op.SRA -> x[rd] = Alu.sra(x[rs1], x[rs2]);
                    case Op.OR -> x[rd] = Alu.or(x[rs1], x[rs2]);
                    case Op.AND -> x[rd] = Alu.and(x[rs1], x[rs2]);
                    case Op.ADDIW -> x[rd] = Alu.addw(x[rs1], imm);
                    case Op.SLLIW -> x[rd] = Alu.sllw(x[rs1], imm);
                    case Op.SRLIW -> x[rd] = Alu.srlw(x[rs1], imm);
                    case Op.SRAIW -> x[rd] = Alu.sraw(x[rs1], imm);
                    case Op.ADDW -> x[rd] = Alu.addw(x[rs1], x[rs2]);
                    case Op.SUBW -> x[rd] = Alu.subw(x[rs1], x[rs2]);
                    case Op.SLLW -> x[rd] = Alu.sllw(x[rs1], x[rs2]);
                    case Op.SRLW -> x[rd] = Alu.srlw(x[rs1], x[rs2]);
                    case Op.SRAW -> x[rd] = Alu.sraw(x[rs1], x[rs2]);
                    case Op.MUL -> x[rd] = Alu.mul(x[rs1], x[rs2]);
                    case Op.MULH -> x[rd] = Alu.mulh(x[rs1], x[rs2]);
                    case Op.MULHU -> x[rd] = Alu.mulhu(x[rs1], x[rs2]);
                    case Op.MULHSU -> x[rd] = Alu.mulhsu(x[rs1], x[rs2]);
                    case Op.DIV -> x[rd] = Alu.div(x[rs1], x[rs2]);
                    case Op.DIVU -> x[rd] = Alu.divu(x[rs1], x[rs2]);
                    case Op.REM -> x[rd] = Alu.rem(x[rs1], x[rs2]);
                    case Op.REMU -> x[rd] = Alu.remu(x[rs1], x[rs2]);
                    case Op.MULW -> x[rd] = Alu.mulw(x[rs1], x[rs2]);
                    case Op.DIVW -> x[rd] = Alu.divw(x[rs1], x[rs2]);
                    case Op.DIVUW -> x[rd] = Alu.divuw(x[rs1], x[rs2]);
                    case Op.REMW -> x[rd] = Alu.remw(x[rs1], x[rs2]);
                    case Op.REMUW -> x[rd] = Alu.remuw(x[rs1], x[rs2]);
                    case Op.FENCE -> VarHandle.fullFence();
                    case Op.LR_W, Op.LR_D, Op.SC_W, Op.SC_D, Op.AMO_W, Op.AMO_D -> {
                        counters.atomic++;
                        stateful.execute(d);
                    }
                    case Op.FLW, Op.FLD, Op.FSW, Op.FSD, Op.FP -> {
                        counters.floating++;
                        stateful.execute(d);
                    }
                    default -> {
                        x[0] = 0;
                        hart.pc = pc;
                        csrs.uncounted = k;
                        next = system(d, (int) imm, pc, next);
                        if (recheck) {
                            // Privilege, interrupt enables or the timer changed: let the run loop look again.
                            recheck = false;
                            x[0] = 0;
                            hart.pc = next;
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
            hart.pc = pc;
            csrs.instret += k;
            throw e;
        }
        hart.pc = pc;
        csrs.instret += k;
    }

    /** Executes a SYSTEM/FENCE.I/illegal instruction; returns the next pc. */
    private long system(long d, int imm, long pc, long next) {
        counters.system++;
        switch (Decoded.op(d)) {
            case Op.ECALL -> {
                traps.environmentCall();
                recheck = true;
                return next;
            }
            case Op.EBREAK -> throw trap.set(TrapCause.BREAKPOINT, pc);
            case Op.SRET -> {
                if (csrs.privilege == Mmu.USER) {
                    throw trap.illegal(imm);
                }
                recheck = true;
                return traps.returnFromTrap();
            }
            case Op.WFI -> {
                if (csrs.privilege == Mmu.USER) {
                    throw trap.illegal(imm);
                }
                hart.waiting = true;
                recheck = true;
                return next;
            }
            case Op.SFENCE_VMA -> {
                if (csrs.privilege == Mmu.USER) {
                    throw trap.illegal(imm);
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
                recheck |= stateful.execute(d);
                return next;
            }
            default -> throw trap.illegal(Decoded.imm(d));
        }
    }
}
