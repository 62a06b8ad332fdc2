package io.vireo.engine.cpu;

/**
 * Operation numbers of decoded instructions. Plain int constants rather than an enum so the
 * interpreter's switch compiles to a dense jump table. 0 means "not decoded yet".
 */
public final class Op {
    private Op() {
    }

    public static final int NONE = 0, ILLEGAL = 1;
    public static final int LUI = 2, AUIPC = 3, JAL = 4, JALR = 5;
    public static final int BEQ = 6, BNE = 7, BLT = 8, BGE = 9, BLTU = 10, BGEU = 11;
    public static final int LB = 12, LH = 13, LW = 14, LD = 15, LBU = 16, LHU = 17, LWU = 18;
    public static final int SB = 19, SH = 20, SW = 21, SD = 22;
    public static final int ADDI = 23, SLTI = 24, SLTIU = 25, XORI = 26, ORI = 27, ANDI = 28, SLLI = 29, SRLI = 30, SRAI = 31;
    public static final int ADD = 32, SUB = 33, SLL = 34, SLT = 35, SLTU = 36, XOR = 37, SRL = 38, SRA = 39, OR = 40, AND = 41;
    public static final int ADDIW = 42, SLLIW = 43, SRLIW = 44, SRAIW = 45;
    public static final int ADDW = 46, SUBW = 47, SLLW = 48, SRLW = 49, SRAW = 50;
    public static final int FENCE = 51, FENCE_I = 52, ECALL = 53, EBREAK = 54, SRET = 55, WFI = 56, SFENCE_VMA = 57;
    public static final int CSRRW = 58, CSRRS = 59, CSRRC = 60, CSRRWI = 61, CSRRSI = 62, CSRRCI = 63;
    public static final int MUL = 64, MULH = 65, MULHSU = 66, MULHU = 67, DIV = 68, DIVU = 69, REM = 70, REMU = 71;
    public static final int MULW = 72, DIVW = 73, DIVUW = 74, REMW = 75, REMUW = 76;
    public static final int LR_W = 77, SC_W = 78, LR_D = 79, SC_D = 80;
    /** AMO_W + funct5-index and AMO_D + funct5-index: see {@link Atomics}. */
    public static final int AMO_W = 81, AMO_D = 82;
    public static final int FLW = 83, FLD = 84, FSW = 85, FSD = 86, FP = 87;
    public static final int MRET = 88;
}
