package io.vireo.engine.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/** The A extension's read-modify-write operations, atomic across harts through VarHandles on guest RAM. */
final class Atomics {
    private Atomics() {
    }

    static final int ADD = 0b00000, SWAP = 0b00001, XOR = 0b00100, OR = 0b01000, AND = 0b01100,
            MIN = 0b10000, MAX = 0b10100, MINU = 0b11000, MAXU = 0b11100;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    static boolean isAmo(int f5) {
        return switch (f5) {
            case ADD, SWAP, XOR, OR, AND, MIN, MAX, MINU, MAXU -> true;
            default -> false;
        };
    }

    /** Applies the AMO to the 64-bit word at {@code offset}; returns the old value. */
    static long amo64(MemorySegment ram, long offset, int f5, long operand) {
        while (true) {
            long old = (long) LONG.getVolatile(ram, offset);
            long updated = apply(f5, old, operand);
            if ((boolean) LONG.compareAndSet(ram, offset, old, updated)) {
                return old;
            }
        }
    }

    /** Applies the AMO to the 32-bit word at {@code offset}; returns the old value sign-extended. */
    static long amo32(MemorySegment ram, long offset, int f5, long operand) {
        while (true) {
            int old = (int) INT.getVolatile(ram, offset);
            // Sign-extended words keep both their signed and their unsigned order, so the 64-bit rules apply.
            int updated = (int) apply(f5, old, (int) operand);
            if ((boolean) INT.compareAndSet(ram, offset, old, updated)) {
                return old;
            }
        }
    }

    private static long apply(int f5, long a, long b) {
        return switch (f5) {
            case ADD -> a + b;
            case SWAP -> b;
            case XOR -> a ^ b;
            case OR -> a | b;
            case AND -> a & b;
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            case MINU -> Long.compareUnsigned(a, b) <= 0 ? a : b;
            default -> Long.compareUnsigned(a, b) >= 0 ? a : b;
        };
    }

    static long loadReserved64(MemorySegment ram, long offset) {
        return (long) LONG.getVolatile(ram, offset);
    }

    static long loadReserved32(MemorySegment ram, long offset) {
        return (int) INT.getVolatile(ram, offset);
    }

    static boolean storeConditional64(MemorySegment ram, long offset, long expected, long value) {
        return (boolean) LONG.compareAndSet(ram, offset, expected, value);
    }

    static boolean storeConditional32(MemorySegment ram, long offset, long expected, long value) {
        return (boolean) INT.compareAndSet(ram, offset, (int) expected, (int) value);
    }
}
