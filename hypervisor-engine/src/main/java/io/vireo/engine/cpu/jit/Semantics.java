package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.Alu;
import io.vireo.engine.cpu.LoadStore;
import io.vireo.engine.cpu.Op;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;

/**
 * The interpreter's instruction semantics as translated regions take them: which {@link Alu} or
 * {@link LoadStore} method an operation is, pasted into the region by a {@link BytecodeInliner}. The
 * interpreter's switch calls the same methods, so what an instruction computes is written once.
 */
final class Semantics {
    private static final BytecodeInliner ALU = BytecodeInliner.of(Alu.class);
    private static final BytecodeInliner LOAD_STORE = BytecodeInliner.of(LoadStore.class);

    private Semantics() {
    }

    /**
     * Pastes ALU operation, load, store or JALR {@code op}, its operands on the stack as the method takes
     * them (a register-immediate form's immediate as the second operand; a load or store's Mmu and address
     * first; JALR's base and offset), using locals from {@code scratch} on.
     */
    static void paste(CodeBuilder code, int op, int scratch) {
        inliner(op).inline(code, method(op), scratch);
    }

    /** Pastes branch {@code op}, its two registers on the stack, as a jump to {@code notTaken}. */
    static void pasteCondition(CodeBuilder code, int op, int scratch, Label notTaken) {
        ALU.inlineCondition(code, branchMethod(op), scratch, notTaken);
    }

    /** The most bytecode {@link #paste} or {@link #pasteCondition} emits for {@code op}. */
    static int length(int op, int scratch) {
        return inliner(op).inlinedLength(method(op), scratch);
    }

    private static BytecodeInliner inliner(int op) {
        return op >= Op.LB && op <= Op.SD ? LOAD_STORE : ALU;
    }

    private static String method(int op) {
        if (op >= Op.BEQ && op <= Op.BGEU) {
            return branchMethod(op);
        }
        if (op >= Op.LB && op <= Op.SD) {
            return memoryMethod(op);
        }
        return op == Op.JALR ? "jalr" : aluMethod(op);
    }

    /** The {@link Alu} method that computes {@code op}; a register-immediate form's is its twin's. */
    private static String aluMethod(int op) {
        return switch (op) {
            case Op.ADD, Op.ADDI -> "add";
            case Op.SUB -> "sub";
            case Op.SLL, Op.SLLI -> "sll";
            case Op.SRL, Op.SRLI -> "srl";
            case Op.SRA, Op.SRAI -> "sra";
            case Op.SLT, Op.SLTI -> "slt";
            case Op.SLTU, Op.SLTIU -> "sltu";
            case Op.XOR, Op.XORI -> "xor";
            case Op.OR, Op.ORI -> "or";
            case Op.AND, Op.ANDI -> "and";
            case Op.ADDW, Op.ADDIW -> "addw";
            case Op.SUBW -> "subw";
            case Op.SLLW, Op.SLLIW -> "sllw";
            case Op.SRLW, Op.SRLIW -> "srlw";
            case Op.SRAW, Op.SRAIW -> "sraw";
            case Op.MUL -> "mul";
            case Op.MULH -> "mulh";
            case Op.MULHSU -> "mulhsu";
            case Op.MULHU -> "mulhu";
            case Op.DIV -> "div";
            case Op.DIVU -> "divu";
            case Op.REM -> "rem";
            case Op.REMU -> "remu";
            case Op.MULW -> "mulw";
            case Op.DIVW -> "divw";
            case Op.DIVUW -> "divuw";
            case Op.REMW -> "remw";
            case Op.REMUW -> "remuw";
            default -> throw new IllegalArgumentException("not an ALU operation: op " + op);
        };
    }

    /** The {@link Alu} method that says whether branch {@code op} is taken. */
    private static String branchMethod(int op) {
        return switch (op) {
            case Op.BEQ -> "beq";
            case Op.BNE -> "bne";
            case Op.BLT -> "blt";
            case Op.BGE -> "bge";
            case Op.BLTU -> "bltu";
            case Op.BGEU -> "bgeu";
            default -> throw new IllegalArgumentException("not a branch: op " + op);
        };
    }

    /** The {@link LoadStore} method of load or store {@code op}. */
    private static String memoryMethod(int op) {
        return switch (op) {
            case Op.LB -> "lb";
            case Op.LH -> "lh";
            case Op.LW -> "lw";
            case Op.LD -> "ld";
            case Op.LBU -> "lbu";
            case Op.LHU -> "lhu";
            case Op.LWU -> "lwu";
            case Op.SB -> "sb";
            case Op.SH -> "sh";
            case Op.SW -> "sw";
            case Op.SD -> "sd";
            default -> throw new IllegalArgumentException("not a load or store: op " + op);
        };
    }
}
