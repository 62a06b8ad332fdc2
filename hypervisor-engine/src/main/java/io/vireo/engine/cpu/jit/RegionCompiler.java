package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.Decoded;
import io.vireo.engine.cpu.Op;
import io.vireo.engine.cpu.StatefulInstructions;
import io.vireo.engine.mmu.Mmu;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

/**
 * Turns a {@link Region} into a {@link TranslatedRegion}: one hidden class whose {@code run} does what the
 * interpreter would, minus fetch, decode and dispatch. What each instruction computes is not restated
 * here: the region holds the bytecode of the interpreter's own methods for it (see {@link Semantics}), or,
 * for float, atomic and CSR instructions, calls the {@link StatefulInstructions} the interpreter calls.
 * Branches and jumps to the region's own code are JVM jumps, so a loop inside a page stays in compiled code.
 * Before each such jump the region checks that the code it jumps to fits the caller's budget, so it never
 * retires more than asked.
 *
 * <p>Guest registers stay in the hart's array rather than in JVM locals: with locals every label of a
 * region merges all of them, and the JIT compilers then spent most of their time allocating registers;
 * a boot makes thousands of regions and is better off with cheap compiles. Hidden classes are unloaded
 * once their region is dropped.
 */
public final class RegionCompiler {
    /** HotSpot does not compile methods with more bytecode than this (-XX:HugeMethodLimit). */
    static final int HUGE_METHOD = 8000;
    private static final ClassDesc CD_REGION = desc(TranslatedRegion.class);
    private static final ClassDesc CD_CONTEXT = desc(RegionContext.class);
    private static final ClassDesc CD_MMU = desc(Mmu.class);
    private static final ClassDesc CD_LONGS = CD_long.arrayType();
    private static final ClassDesc CD_STATEFUL = desc(StatefulInstructions.class);
    private static final MethodTypeDesc EXECUTE = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_long);
    /** The name HotSpot knows translated regions by (each hidden class adds a suffix to it). */
    static final String CLASS_NAME = RegionCompiler.class.getPackageName() + ".GuestCode";
    private static final ClassDesc CD_NAME = ClassDesc.of(CLASS_NAME);
    private static final MethodTypeDesc RUN = MethodTypeDesc.of(CD_long, CD_CONTEXT, CD_long, CD_int);
    // Locals of run(): this, context, pc (2 slots), budget, retired, fault offset, registers array, mmu,
    // the page's virtual base (2), the exit pc (2), then the pasted semantics' own locals.
    private static final int CONTEXT = 1, PC = 2, BUDGET = 4, RETIRED = 5, FAULT = 6, X = 7, MMU = 8,
            BASE = 9, TARGET = 11, SCRATCH = 13;
    /** Bytecode of a call to {@link StatefulInstructions#execute} with its fault offset and retire count. */
    private static final int STATEFUL = 22;
    private static final int[] ESTIMATES = estimates();

    private final MethodHandles.Lookup lookup = MethodHandles.lookup();

    private static ClassDesc desc(Class<?> c) {
        return ClassDesc.of(c.getName());
    }

    /** Whether the translator handles decoded instruction {@code d}; anything else leaves a region before it. */
    static boolean translatable(long d) {
        return pasted(Decoded.op(d)) || StatefulInstructions.translatable(d);
    }

    /** Whether the region holds this operation's own bytecode (the rest it translates are calls). */
    private static boolean pasted(int op) {
        return op >= Op.LUI && op <= Op.FENCE || op >= Op.MUL && op <= Op.REMUW;
    }

    /** An upper bound of the bytecode one instruction of {@code op} compiles to. */
    static int estimatedBytecode(int op) {
        return ESTIMATES[op];
    }

    /**
     * Per operation: what its instruction's bytecode takes around the pasted semantics (register loads, the
     * register store, the retire count, a jump's budget check and exit) plus the pasted bytecode itself, and
     * never less than the fixed figures the region size limit was tuned with.
     */
    private static int[] estimates() {
        int[] estimates = new int[Op.MRET + 1];
        for (int op = 0; op < estimates.length; op++) {
            if (op >= Op.CSRRW && op <= Op.CSRRCI) {
                estimates[op] = STATEFUL + 20;
            } else if (op >= Op.LR_W && op <= Op.FP) {
                estimates[op] = STATEFUL;
            } else if (pasted(op)) {
                estimates[op] = switch (op) {
                    case Op.JAL -> 44;
                    case Op.JALR -> Math.max(56, 37 + Semantics.length(op, SCRATCH));
                    case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> Math.max(44, 33 + Semantics.length(op, SCRATCH));
                    case Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU, Op.SB, Op.SH, Op.SW, Op.SD ->
                            Math.max(32, 22 + Semantics.length(op, SCRATCH));
                    case Op.LUI, Op.AUIPC, Op.FENCE -> 22;
                    default -> Math.max(22, 15 + Semantics.length(op, SCRATCH));
                };
            }
        }
        return estimates;
    }

    /** Compiles {@code region}; null if its method came out too large for HotSpot to compile. */
    public TranslatedRegion compile(Region region) {
        byte[] bytes = ClassFile.of().build(CD_NAME, cb -> cb
                .withSuperclass(CD_REGION)
                .withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER)
                .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
                        .aload(0).invokespecial(CD_REGION, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_())
                .withMethodBody("run", RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL,
                        code -> new Body(code, region).emit()));
        if (runLength(bytes) > HUGE_METHOD) {
            return null;
        }
        try {
            Class<?> type = lookup.defineHiddenClass(bytes, true).lookupClass();
            return (TranslatedRegion) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("translated region does not load", e);
        }
    }

    static int runLength(byte[] classBytes) {
        for (MethodModel m : ClassFile.of().parse(classBytes).methods()) {
            if (m.methodName().equalsString("run")) {
                return m.findAttribute(Attributes.code()).orElseThrow().codeLength();
            }
        }
        throw new IllegalStateException("no run method");
    }

    /** The bytecode of one region's run method. */
    private static final class Body {
        private final CodeBuilder code;
        private final Region region;
        private final Label[] labels = new Label[0x800];
        /** Where the region returns, one label per {@link RegionExit} a return can have. */
        private final Label exit, leftRegion, otherPage, indirectJump, budget, csrWrite, dispatch;

        Body(CodeBuilder code, Region region) {
            this.code = code;
            this.region = region;
            this.exit = code.newLabel();
            this.leftRegion = code.newLabel();
            this.otherPage = code.newLabel();
            this.indirectJump = code.newLabel();
            this.budget = code.newLabel();
            this.csrWrite = code.newLabel();
            this.dispatch = code.newLabel();
            for (Region.Run run : region.runs()) {
                for (int i = 0; i < run.count(); i++) {
                    labels[run.offsets()[i] >>> 1] = code.newLabel();
                }
            }
        }

        void emit() {
            code.aload(CONTEXT).getfield(CD_CONTEXT, "x", CD_LONGS).astore(X);
            code.aload(CONTEXT).getfield(CD_CONTEXT, "mmu", CD_MMU).astore(MMU);
            code.lload(PC).loadConstant(~0xFFFL).land().lstore(BASE);
            code.iconst_0().istore(RETIRED).iconst_0().istore(FAULT);
            Label start = code.newBoundLabel(), end = code.newLabel(), handler = code.newLabel();
            entrySwitch();
            for (Region.Run run : region.runs()) {
                run(run);
            }
            code.labelBinding(end);
            exitBecause(leftRegion, RegionExit.LEFT_REGION);
            exitBecause(otherPage, RegionExit.OTHER_PAGE);
            exitBecause(indirectJump, RegionExit.INDIRECT_JUMP);
            exitBecause(budget, RegionExit.BUDGET);
            exitBecause(csrWrite, RegionExit.CSR_WRITE);
            code.labelBinding(exit);
            code.aload(CONTEXT).iload(RETIRED).putfield(CD_CONTEXT, "retired", CD_int);
            code.lload(TARGET).lreturn();
            code.labelBinding(handler);
            code.aload(CONTEXT).iload(RETIRED).putfield(CD_CONTEXT, "retired", CD_int);
            code.aload(CONTEXT).iload(FAULT).putfield(CD_CONTEXT, "faultOffset", CD_int);
            code.athrow();
            code.exceptionCatchAll(start, end, handler);
        }

        private void exitBecause(Label from, RegionExit reason) {
            code.labelBinding(from);
            code.aload(CONTEXT).loadConstant(reason.ordinal()).putfield(CD_CONTEXT, "exit", CD_int).goto_(exit);
        }

        /**
         * Dispatches on the entry's page offset to a check that its code fits the budget. An indirect jump
         * within the page comes back here with its target as the pc, and leaves the region if that is not
         * an entry.
         */
        private void entrySwitch() {
            int[] entries = region.entries();
            Arrays.sort(entries);
            List<SwitchCase> cases = new ArrayList<>();
            for (int e : entries) {
                cases.add(SwitchCase.of(e, code.newLabel()));
            }
            Label unknown = code.newLabel();
            code.labelBinding(dispatch);
            code.lload(PC).l2i().loadConstant(0xFFF).iand().lookupswitch(unknown, cases);
            for (SwitchCase c : cases) {
                code.labelBinding(c.target());
                jumpInside(c.caseValue());
            }
            code.labelBinding(unknown);
            code.lload(PC).lstore(TARGET).iload(RETIRED).ifeq(budget).goto_(indirectJump);
        }

        private void run(Region.Run run) {
            for (int i = 0; i < run.count(); i++) {
                int offset = run.offsets()[i];
                code.labelBinding(labels[offset >>> 1]);
                instruction(run.decoded()[i], offset);
            }
            if (!run.endsInJump()) {
                jump(run.next());
            }
        }

        private void instruction(long d, int offset) {
            int op = Decoded.op(d), rd = Decoded.rd(d), rs1 = Decoded.rs1(d), rs2 = Decoded.rs2(d);
            long imm = Decoded.imm(d);
            int next = offset + Decoded.length(d);
            switch (op) {
                case Op.JAL -> {
                    if (rd != 0) {
                        setRegister(rd, () -> code.lload(BASE).loadConstant((long) next).ladd());
                    }
                    retire();
                    jump(offset + imm);
                }
                case Op.JALR -> {
                    immediate(rs1, imm);
                    Semantics.paste(code, op, SCRATCH);
                    code.lstore(TARGET);
                    if (rd != 0) {
                        setRegister(rd, () -> code.lload(BASE).loadConstant((long) next).ladd());
                    }
                    retire();
                    code.lload(TARGET).loadConstant(~0xFFFL).land().lload(BASE).lcmp().ifne(indirectJump);
                    code.lload(TARGET).lstore(PC).goto_(dispatch);
                }
                case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> branch(op, rs1, rs2, offset + imm);
                case Op.FENCE -> {
                    code.invokestatic(ClassDesc.of("java.lang.invoke.VarHandle"), "fullFence", ConstantDescs.MTD_void);
                    retire();
                }
                case Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU -> load(op, rd, rs1, imm, offset);
                case Op.SB, Op.SH, Op.SW, Op.SD -> store(op, rs1, rs2, imm, offset);
                case Op.LR_W, Op.SC_W, Op.LR_D, Op.SC_D, Op.AMO_W, Op.AMO_D, Op.FLW, Op.FLD, Op.FSW, Op.FSD, Op.FP,
                     Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI -> stateful(d, offset, next);
                default -> {
                    if (rd != 0) {
                        setRegister(rd, () -> value(op, rs1, rs2, imm, offset));
                    }
                    retire();
                }
            }
        }

        private void value(int op, int rs1, int rs2, long imm, int offset) {
            switch (op) {
                case Op.LUI -> code.loadConstant(imm);
                case Op.AUIPC -> code.lload(BASE).loadConstant(offset + imm).ladd();
                case Op.ADDI, Op.SLTI, Op.SLTIU, Op.XORI, Op.ORI, Op.ANDI, Op.SLLI, Op.SRLI, Op.SRAI,
                     Op.ADDIW, Op.SLLIW, Op.SRLIW, Op.SRAIW -> {
                    immediate(rs1, imm);
                    Semantics.paste(code, op, SCRATCH);
                }
                default -> {
                    registers(rs1, rs2);
                    Semantics.paste(code, op, SCRATCH);
                }
            }
        }

        private void load(int op, int rd, int rs1, long imm, int offset) {
            code.loadConstant(offset).istore(FAULT);
            if (rd != 0) {
                code.aload(X).loadConstant(rd);
            }
            code.aload(MMU);
            address(rs1, imm);
            Semantics.paste(code, op, SCRATCH);
            if (rd != 0) {
                code.lastore();
            } else {
                code.pop2();
            }
            retire();
        }

        private void store(int op, int rs1, int rs2, long imm, int offset) {
            code.loadConstant(offset).istore(FAULT);
            code.aload(MMU);
            address(rs1, imm);
            register(rs2);
            Semantics.paste(code, op, SCRATCH);
            retire();
        }

        /**
         * Calls the hart's {@link StatefulInstructions}. A CSR write that may have made an interrupt deliverable
         * leaves the region after it, so the run loop looks before the next instruction.
         */
        private void stateful(long d, int offset, int next) {
            code.loadConstant(offset).istore(FAULT);
            code.aload(CONTEXT).getfield(CD_CONTEXT, "stateful", CD_STATEFUL).loadConstant(d)
                    .invokevirtual(CD_STATEFUL, "execute", EXECUTE);
            retire();
            int op = Decoded.op(d);
            if (op >= Op.CSRRW && op <= Op.CSRRCI) {
                Label goOn = code.newLabel();
                code.ifeq(goOn);
                code.lload(BASE).loadConstant((long) next).ladd().lstore(TARGET).goto_(csrWrite);
                code.labelBinding(goOn);
            } else {
                code.pop();
            }
        }

        /** A conditional branch retires either way; taken, it jumps, not taken, the run goes on. */
        private void branch(int op, int rs1, int rs2, long target) {
            retire();
            Label notTaken = code.newLabel();
            registers(rs1, rs2);
            Semantics.pasteCondition(code, op, SCRATCH, notTaken);
            jump(target);
            code.labelBinding(notTaken);
        }

        /** Continues at page offset {@code target} (which may lie outside the page): inside the region if it can. */
        private void jump(long target) {
            if (region.startsAt(target)) {
                jumpInside((int) target);
            } else {
                code.lload(BASE).loadConstant(target).ladd().lstore(TARGET)
                        .goto_(target >= 0 && target < 0x1000 ? leftRegion : otherPage);
            }
        }

        /** Jumps to the region's instruction at {@code target} if what follows there fits the budget; else leaves there. */
        private void jumpInside(int target) {
            code.iload(RETIRED).loadConstant(region.stretch(target)).iadd().iload(BUDGET)
                    .if_icmple(labels[target >>> 1]);
            code.lload(BASE).loadConstant((long) target).ladd().lstore(TARGET).goto_(budget);
        }

        private void retire() {
            code.iinc(RETIRED, 1);
        }

        private void setRegister(int rd, Runnable value) {
            code.aload(X).loadConstant(rd);
            value.run();
            code.lastore();
        }

        private CodeBuilder register(int r) {
            return r == 0 ? code.lconst_0() : code.aload(X).loadConstant(r).laload();
        }

        private CodeBuilder registers(int a, int b) {
            register(a);
            return register(b);
        }

        private CodeBuilder immediate(int r, long imm) {
            register(r);
            return code.loadConstant(imm);
        }

        private void address(int rs1, long imm) {
            register(rs1);
            if (imm != 0) {
                code.loadConstant(imm).ladd();
            }
        }
    }
}
