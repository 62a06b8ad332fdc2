package io.vireo.engine.cpu;

/**
 * A decoded instruction packed into one long, so a page's worth of them is a plain {@code long[]}:
 * bits 0-7 op, 8-12 rd, 13-17 rs1, 18-22 rs2, 23 compressed, 24-28 aux (AMO function, FP rs3),
 * 30 {@link #UNTRANSLATED}, 31 {@link #TRANSLATED}, 32-63 a signed 32-bit immediate (or, for FP/ILLEGAL/CSR ops, the raw instruction or CSR number).
 */
public final class Decoded {
    /** Set in a decode slot when a translated block starts at this instruction (see {@code cpu.jit}). */
    public static final long TRANSLATED = 1L << 31;
    /** Set in a decode slot where translating a block from this instruction was tried and gave up. */
    public static final long UNTRANSLATED = 1L << 30;

    private Decoded() {
    }

    static long pack(int op, int rd, int rs1, int rs2, int imm, boolean compressed) {
        return (op & 0xFFL) | ((long) rd << 8) | ((long) rs1 << 13) | ((long) rs2 << 18)
                | (compressed ? 1L << 23 : 0) | ((long) imm << 32);
    }

    static long withAux(long d, int aux) {
        return d | ((long) (aux & 31) << 24);
    }

    public static int op(long d) {
        return (int) d & 0xFF;
    }

    public static int rd(long d) {
        return (int) (d >>> 8) & 31;
    }

    public static int rs1(long d) {
        return (int) (d >>> 13) & 31;
    }

    public static int rs2(long d) {
        return (int) (d >>> 18) & 31;
    }

    public static int length(long d) {
        return (d & (1L << 23)) != 0 ? 2 : 4;
    }

    public static int aux(long d) {
        return (int) (d >>> 24) & 31;
    }

    public static int imm(long d) {
        return (int) (d >>> 32);
    }
}
