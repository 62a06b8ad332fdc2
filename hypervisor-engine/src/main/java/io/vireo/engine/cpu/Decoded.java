package io.vireo.engine.cpu;

/**
 * A decoded instruction packed into one long, so a page's worth of them is a plain {@code long[]}:
 * bits 0-7 op, 8-12 rd, 13-17 rs1, 18-22 rs2, 23 compressed, 24-28 aux (AMO function, FP rs3),
 * 32-63 a signed 32-bit immediate (or, for FP/ILLEGAL/CSR ops, the raw instruction or CSR number).
 */
final class Decoded {
    private Decoded() {
    }

    static long pack(int op, int rd, int rs1, int rs2, int imm, boolean compressed) {
        return (op & 0xFFL) | ((long) rd << 8) | ((long) rs1 << 13) | ((long) rs2 << 18)
                | (compressed ? 1L << 23 : 0) | ((long) imm << 32);
    }

    static long withAux(long d, int aux) {
        return d | ((long) (aux & 31) << 24);
    }

    static int op(long d) {
        return (int) d & 0xFF;
    }

    static int rd(long d) {
        return (int) (d >>> 8) & 31;
    }

    static int rs1(long d) {
        return (int) (d >>> 13) & 31;
    }

    static int rs2(long d) {
        return (int) (d >>> 18) & 31;
    }

    static int length(long d) {
        return (d & (1L << 23)) != 0 ? 2 : 4;
    }

    static int aux(long d) {
        return (int) (d >>> 24) & 31;
    }

    static int imm(long d) {
        return (int) (d >>> 32);
    }
}
