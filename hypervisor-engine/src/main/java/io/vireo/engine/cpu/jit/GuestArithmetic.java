package io.vireo.engine.cpu.jit;

/**
 * The RV64IM operations whose results are not a single JVM instruction, called from translated regions
 * (small enough for the JIT to inline). They match the interpreter's special cases: division by zero
 * and overflow do not trap.
 */
public final class GuestArithmetic {
    private GuestArithmetic() {
    }

    public static long mulhsu(long a, long b) {
        return Math.multiplyHigh(a, b) + ((b >> 63) & a);
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
}
