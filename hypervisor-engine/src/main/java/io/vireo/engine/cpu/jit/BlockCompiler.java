package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.Decoded;
import io.vireo.engine.cpu.Op;
import io.vireo.engine.mmu.Mmu;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;

import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_short;
import static java.lang.constant.ConstantDescs.CD_void;

/**
 * Turns a run of decoded instructions into a {@link TranslatedBlock}: one hidden class whose {@code run}
 * does what the interpreter would, minus fetch, decode and dispatch. A conditional branch leaves the block
 * only when taken, so a block runs on through the common not-taken case. Registers stay in the hart's array,
 * so a fault leaves them exactly as the interpreter would; before each load or store the block notes
 * where it is, for the fault handler. Hidden classes are unloaded once their block is dropped.
 */
public final class BlockCompiler {
    private static final ClassDesc CD_BLOCK = desc(TranslatedBlock.class);
    private static final ClassDesc CD_CONTEXT = desc(BlockContext.class);
    private static final ClassDesc CD_MMU = desc(Mmu.class);
    private static final ClassDesc CD_ARITH = desc(GuestArithmetic.class);
    private static final ClassDesc CD_LONGS = CD_long.arrayType();
    private static final ClassDesc CD_NAME = ClassDesc.of(BlockCompiler.class.getPackageName() + ".Block");
    private static final MethodTypeDesc RUN = MethodTypeDesc.of(CD_long, CD_CONTEXT, CD_long);
    private static final MethodTypeDesc BINARY = MethodTypeDesc.of(CD_long, CD_long, CD_long);
    // Locals of run(): this, context, pc (two slots), registers, mmu, fault point, a long temporary.
    private static final int CONTEXT = 1, PC = 2, X = 4, MMU = 5, FAULT = 6, TEMP = 7;

    private final MethodHandles.Lookup lookup = MethodHandles.lookup();

    private static ClassDesc desc(Class<?> c) {
        return ClassDesc.of(c.getName());
    }

    /** Whether the translator handles this operation; anything else ends a block before it. */
    public static boolean translatable(int op) {
        return op >= Op.LUI && op <= Op.FENCE || op >= Op.MUL && op <= Op.REMUW;
    }

    /** Whether this operation ends a block (it is then the block's last instruction). */
    public static boolean endsBlock(int op) {
        return op == Op.JAL || op == Op.JALR;
    }

    /**
     * Compiles {@code decoded[0..count)}, which sit at byte offsets {@code offsets} from the block's start;
     * {@code end} is the offset just past the last one.
     */
    public TranslatedBlock compile(long[] decoded, int[] offsets, int count, int end) {
        byte[] bytes = ClassFile.of().build(CD_NAME, cb -> cb
                .withSuperclass(CD_BLOCK)
                .withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER)
                .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
                        .aload(0).loadConstant(count)
                        .invokespecial(CD_BLOCK, ConstantDescs.INIT_NAME, MethodTypeDesc.of(CD_void, CD_int))
                        .return_())
                .withMethodBody("run", RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL,
                        code -> new Body(code, decoded, offsets, count, end).emit()));
        try {
            Class<?> type = lookup.defineHiddenClass(bytes, true).lookupClass();
            return (TranslatedBlock) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("translated block does not load", e);
        }
    }

    /** The bytecode of one block's run method. */
    private record Body(CodeBuilder code, long[] decoded, int[] offsets, int count, int end) {
        void emit() {
            code.aload(CONTEXT).getfield(CD_CONTEXT, "x", CD_LONGS).astore(X);
            code.aload(CONTEXT).getfield(CD_CONTEXT, "mmu", CD_MMU).astore(MMU);
            code.iconst_0().istore(FAULT);
            Label start = code.newBoundLabel(), handlerEnd = code.newLabel(), handler = code.newLabel();
            boolean returned = false;
            for (int i = 0; i < count; i++) {
                returned = instruction(i, decoded[i], offsets[i]);
            }
            if (!returned) {
                exit(count);
                pcPlus(end);
                code.lreturn();
            }
            code.labelBinding(handlerEnd);
            code.labelBinding(handler);
            code.aload(CONTEXT).iload(FAULT).putfield(CD_CONTEXT, "faultPoint", CD_int).athrow();
            code.exceptionCatchAll(start, handlerEnd, handler);
        }

        /** Emits instruction {@code i}; returns whether it ended the method with a return. */
        private boolean instruction(int i, long d, int offset) {
            int op = Decoded.op(d), rd = Decoded.rd(d), rs1 = Decoded.rs1(d), rs2 = Decoded.rs2(d);
            long imm = Decoded.imm(d);
            int next = offset + Decoded.length(d);
            switch (op) {
                case Op.JAL -> {
                    if (rd != 0) {
                        setRegister(rd, () -> pcPlus(next));
                    }
                    exit(i + 1);
                    pcPlus(offset + imm);
                    code.lreturn();
                    return true;
                }
                case Op.JALR -> {
                    register(rs1);
                    code.loadConstant(imm).ladd().loadConstant(~1L).land().lstore(TEMP);
                    if (rd != 0) {
                        setRegister(rd, () -> pcPlus(next));
                    }
                    exit(i + 1);
                    code.lload(TEMP).lreturn();
                    return true;
                }
                case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> branch(i, op, rs1, rs2, offset + imm);
                case Op.FENCE -> code.invokestatic(ClassDesc.of("java.lang.invoke.VarHandle"), "fullFence", ConstantDescs.MTD_void);
                case Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU -> load(i, op, rd, rs1, imm, offset);
                case Op.SB, Op.SH, Op.SW, Op.SD -> store(i, op, rs1, rs2, imm, offset);
                default -> {
                    if (rd != 0) {
                        setRegister(rd, () -> value(op, rs1, rs2, imm, offset));
                    }
                }
            }
            return false;
        }

        private void value(int op, int rs1, int rs2, long imm, int offset) {
            switch (op) {
                case Op.LUI -> code.loadConstant(imm);
                case Op.AUIPC -> pcPlus(offset + imm);
                case Op.ADDI -> immediate(rs1, imm).ladd();
                case Op.SLTI -> arith(immediate(rs1, imm), "slt");
                case Op.SLTIU -> arith(immediate(rs1, imm), "sltu");
                case Op.XORI -> immediate(rs1, imm).lxor();
                case Op.ORI -> immediate(rs1, imm).lor();
                case Op.ANDI -> immediate(rs1, imm).land();
                case Op.SLLI -> register(rs1).loadConstant((int) imm).lshl();
                case Op.SRLI -> register(rs1).loadConstant((int) imm).lushr();
                case Op.SRAI -> register(rs1).loadConstant((int) imm).lshr();
                case Op.ADD -> registers(rs1, rs2).ladd();
                case Op.SUB -> registers(rs1, rs2).lsub();
                case Op.SLL -> registers(rs1, rs2).l2i().lshl();
                case Op.SLT -> arith(registers(rs1, rs2), "slt");
                case Op.SLTU -> arith(registers(rs1, rs2), "sltu");
                case Op.XOR -> registers(rs1, rs2).lxor();
                case Op.SRL -> registers(rs1, rs2).l2i().lushr();
                case Op.SRA -> registers(rs1, rs2).l2i().lshr();
                case Op.OR -> registers(rs1, rs2).lor();
                case Op.AND -> registers(rs1, rs2).land();
                case Op.ADDIW -> immediate(rs1, imm).ladd().l2i().i2l();
                case Op.SLLIW -> register(rs1).l2i().loadConstant((int) imm).ishl().i2l();
                case Op.SRLIW -> register(rs1).l2i().loadConstant((int) imm).iushr().i2l();
                case Op.SRAIW -> register(rs1).l2i().loadConstant((int) imm).ishr().i2l();
                case Op.ADDW -> registers(rs1, rs2).ladd().l2i().i2l();
                case Op.SUBW -> registers(rs1, rs2).lsub().l2i().i2l();
                case Op.SLLW -> wordShift(rs1, rs2).ishl().i2l();
                case Op.SRLW -> wordShift(rs1, rs2).iushr().i2l();
                case Op.SRAW -> wordShift(rs1, rs2).ishr().i2l();
                case Op.MUL -> registers(rs1, rs2).lmul();
                case Op.MULH -> registers(rs1, rs2).invokestatic(ClassDesc.of("java.lang.Math"), "multiplyHigh", BINARY);
                case Op.MULHU -> registers(rs1, rs2).invokestatic(ClassDesc.of("java.lang.Math"), "unsignedMultiplyHigh", BINARY);
                case Op.MULHSU -> arith(registers(rs1, rs2), "mulhsu");
                case Op.DIV -> arith(registers(rs1, rs2), "div");
                case Op.DIVU -> arith(registers(rs1, rs2), "divu");
                case Op.REM -> arith(registers(rs1, rs2), "rem");
                case Op.REMU -> arith(registers(rs1, rs2), "remu");
                case Op.MULW -> registers(rs1, rs2).lmul().l2i().i2l();
                case Op.DIVW -> arith(registers(rs1, rs2), "divw");
                case Op.DIVUW -> arith(registers(rs1, rs2), "divuw");
                case Op.REMW -> arith(registers(rs1, rs2), "remw");
                case Op.REMUW -> arith(registers(rs1, rs2), "remuw");
                default -> throw new IllegalArgumentException("not translatable: op " + op);
            }
        }

        private void load(int i, int op, int rd, int rs1, long imm, int offset) {
            markFaultPoint(i, offset);
            if (rd != 0) {
                code.aload(X).loadConstant(rd);
            }
            code.aload(MMU);
            immediate(rs1, imm).ladd();
            switch (op) {
                case Op.LD -> mmu("load64", CD_long, CD_long);
                case Op.LW -> mmu("load32", CD_int, CD_long).i2l();
                case Op.LWU -> mmu("load32", CD_int, CD_long).i2l().loadConstant(0xFFFFFFFFL).land();
                case Op.LH -> mmu("load16", CD_short, CD_long).i2l();
                case Op.LHU -> mmu("load16", CD_short, CD_long).loadConstant(0xFFFF).iand().i2l();
                case Op.LB -> mmu("load8", CD_byte, CD_long).i2l();
                default -> mmu("load8", CD_byte, CD_long).loadConstant(0xFF).iand().i2l();
            }
            if (rd != 0) {
                code.lastore();
            } else {
                code.pop2();
            }
        }

        private void store(int i, int op, int rs1, int rs2, long imm, int offset) {
            markFaultPoint(i, offset);
            code.aload(MMU);
            immediate(rs1, imm).ladd();
            register(rs2);
            switch (op) {
                case Op.SD -> mmu("store64", CD_void, CD_long, CD_long);
                case Op.SW -> code.l2i().invokevirtual(CD_MMU, "store32", MethodTypeDesc.of(CD_void, CD_long, CD_int));
                case Op.SH -> code.l2i().i2s().invokevirtual(CD_MMU, "store16", MethodTypeDesc.of(CD_void, CD_long, CD_short));
                default -> code.l2i().i2b().invokevirtual(CD_MMU, "store8", MethodTypeDesc.of(CD_void, CD_long, CD_byte));
            }
        }

        /** Leaves the block at {@code target} if the branch is taken; falls through into the next instruction if not. */
        private void branch(int i, int op, int rs1, int rs2, long target) {
            Label notTaken = code.newLabel();
            registers(rs1, rs2);
            switch (op) {
                case Op.BEQ -> code.lcmp().ifne(notTaken);
                case Op.BNE -> code.lcmp().ifeq(notTaken);
                case Op.BLT -> code.lcmp().ifge(notTaken);
                case Op.BGE -> code.lcmp().iflt(notTaken);
                case Op.BLTU -> unsignedCompare().ifge(notTaken);
                default -> unsignedCompare().iflt(notTaken);
            }
            exit(i + 1);
            pcPlus(target);
            code.lreturn();
            code.labelBinding(notTaken);
        }

        private void exit(int retired) {
            code.aload(CONTEXT).loadConstant(retired).putfield(CD_CONTEXT, "retired", CD_int);
        }

        private CodeBuilder unsignedCompare() {
            return code.invokestatic(ClassDesc.of("java.lang.Long"), "compareUnsigned", MethodTypeDesc.of(CD_int, CD_long, CD_long));
        }

        private void markFaultPoint(int retired, int offset) {
            code.loadConstant(TranslatedBlock.faultPoint(retired, offset)).istore(FAULT);
        }

        private CodeBuilder mmu(String method, ClassDesc result, ClassDesc... params) {
            return code.invokevirtual(CD_MMU, method, MethodTypeDesc.of(result, params));
        }

        private void arith(CodeBuilder operands, String method) {
            operands.invokestatic(CD_ARITH, method, BINARY);
        }

        private void setRegister(int rd, Runnable value) {
            code.aload(X).loadConstant(rd);
            value.run();
            code.lastore();
        }

        private CodeBuilder register(int r) {
            if (r == 0) {
                return code.lconst_0();
            }
            return code.aload(X).loadConstant(r).laload();
        }

        private CodeBuilder registers(int a, int b) {
            register(a);
            return register(b);
        }

        private CodeBuilder immediate(int r, long imm) {
            register(r);
            return code.loadConstant(imm);
        }

        private CodeBuilder wordShift(int rs1, int rs2) {
            register(rs1).l2i();
            return register(rs2).l2i();
        }

        private void pcPlus(long offset) {
            code.lload(PC).loadConstant(offset).ladd();
        }
    }
}
