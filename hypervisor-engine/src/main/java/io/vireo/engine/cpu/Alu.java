package io.vireo.engine.cpu;

/**
 * What RV64I's and the M extension's integer instructions compute, defined once. The interpreter calls
 * these methods and translated regions call the very same ones ({@code RegionCompiler} emits
 * {@code invokestatic}s), so the two tiers cannot disagree about an instruction's meaning. Each is a few
 * bytecodes, which HotSpot inlines at every call.
 *
 * <p>A register-immediate instruction is its register-register twin with the sign-extended immediate as
 * {@code b}: ADDI is {@link #add}, SLLI is {@link #sll}, ADDIW is {@link #addw}. The shifts use the low six
 * bits of {@code b} (five for the W forms), which is what Java's shift operators do with a long (an int).
 * Division never traps: by zero it gives all ones (the quotient) or the dividend (the remainder), and the
 * one signed overflow gives the dividend and 0, as the spec's table says and Java's operators do.
 */
public final class Alu {
    private Alu() {
    }

    public static long add(long a, long b) {
        return a + b;
    }

    public static long sub(long a, long b) {
        return a - b;
    }

    public static long sll(long a, long b) {
        return a << b;
    }

    public static long srl(long a, long b) {
        return a >>> b;
    }

    public static long sra(long a, long b) {
        return a >> b;
    }

    public static long slt(long a, long b) {
        return a < b ? 1 : 0;
    }

    /**
     * Unsigned compares flip both sign bits, which turns unsigned order into signed order, instead of calling
     * {@code Long.compareUnsigned}: translated regions paste these bodies, and C1 (their only compiler) left
     * that call a call, over 6 % of a boot.
     */
    public static long sltu(long a, long b) {
        return (a ^ Long.MIN_VALUE) < (b ^ Long.MIN_VALUE) ? 1 : 0;
    }

    public static long xor(long a, long b) {
        return a ^ b;
    }

    public static long or(long a, long b) {
        return a | b;
    }

    public static long and(long a, long b) {
        return a & b;
    }

    // ---- the W forms: on the low 32 bits, the result sign-extended ----

    public static long addw(long a, long b) {
        return (int) (a + b);
    }

    public static long subw(long a, long b) {
        return (int) (a - b);
    }

    public static long sllw(long a, long b) {
        return (int) a << (int) b;
    }

    public static long srlw(long a, long b) {
        return (int) a >>> (int) b;
    }

    public static long sraw(long a, long b) {
        return (int) a >> (int) b;
    }

    // ---- M ----

    public static long mul(long a, long b) {
        return a * b;
    }

    public static long mulh(long a, long b) {
        return Math.multiplyHigh(a, b);
    }

    /** The high half of signed {@code a} times unsigned {@code b}. */
    public static long mulhsu(long a, long b) {
        return Math.multiplyHigh(a, b) + ((b >> 63) & a);
    }

    public static long mulhu(long a, long b) {
        return Math.unsignedMultiplyHigh(a, b);
    }

    public static long div(long a, long b) {
        return b == 0 ? -1 : a / b;
    }

    public static long divu(long a, long b) {
        return b == 0 ? -1 : Long.divideUnsigned(a, b);
    }

    public static long rem(long a, long b) {
        return b == 0 ? a : a % b;
    }

    public static long remu(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    public static long mulw(long a, long b) {
        return (int) a * (int) b;
    }

    public static long divw(long a, long b) {
        return (int) b == 0 ? -1 : (int) a / (int) b;
    }

    public static long divuw(long a, long b) {
        return (int) b == 0 ? -1 : Integer.divideUnsigned((int) a, (int) b);
    }

    public static long remw(long a, long b) {
        return (int) b == 0 ? (int) a : (int) a % (int) b;
    }

    public static long remuw(long a, long b) {
        return (int) b == 0 ? (int) a : Integer.remainderUnsigned((int) a, (int) b);
    }

    // ---- control transfer ----

    public static boolean beq(long a, long b) {
        return a == b;
    }

    public static boolean bne(long a, long b) {
        return a != b;
    }

    public static boolean blt(long a, long b) {
        return a < b;
    }

    public static boolean bge(long a, long b) {
        return a >= b;
    }

    public static boolean bltu(long a, long b) {
        return (a ^ Long.MIN_VALUE) < (b ^ Long.MIN_VALUE);
    }

    public static boolean bgeu(long a, long b) {
        return (a ^ Long.MIN_VALUE) >= (b ^ Long.MIN_VALUE);
    }

    /** JALR's target: base plus offset with the low bit cleared. */
    public static long jalr(long base, long offset) {
        return (base + offset) & ~1L;
    }
}
