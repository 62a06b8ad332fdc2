package io.vireo.engine.cpu;

import java.math.BigDecimal;

import static io.vireo.engine.cpu.FloatState.DZ;
import static io.vireo.engine.cpu.FloatState.NV;
import static io.vireo.engine.cpu.FloatState.NX;

/**
 * The F and D extensions' computational instructions (OP-FP and the fused multiply-adds); the
 * conversions are {@link FloatConversions}'.
 *
 * <p>Java arithmetic rounds to nearest-even and raises no flags, so every rounding operation first
 * produces its exact result as an unevaluated sum {@code hi + lo} (TwoSum, FMA residuals, or
 * BigDecimal where nothing cheaper is exact), and {@link Rounding} derives the result in the requested
 * rounding mode and the IEEE exception flags from it. Single precision is computed in double and
 * rounded once more, with the midpoint case corrected so no double-rounding error survives.
 */
final class Fpu {
    static final int RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4, DYN = 7;
    static final long CANONICAL_NAN_D = 0x7FF8000000000000L;
    static final int CANONICAL_NAN_S = 0x7FC00000;
    private static final long BOX = 0xFFFFFFFF00000000L;

    private Fpu() {
    }

    /** Executes an OP-FP or R4 instruction; false when its encoding is illegal (the hart raises the trap). */
    static boolean execute(int insn, FloatState fs, long[] x) {
        int opcode = insn & 0x7F;
        int rd = (insn >>> 7) & 31, rm = (insn >>> 12) & 7, rs1 = (insn >>> 15) & 31, rs2 = (insn >>> 20) & 31;
        if (opcode != 0x53) {
            int fmt = (insn >>> 25) & 3;
            int mode = roundingMode(rm, fs);
            if (fmt > 1 || mode < 0) {
                return false;
            }
            fusedMultiplyAdd(opcode, fmt == 1, rd, rs1, rs2, insn >>> 27, mode, fs);
            return true;
        }
        int funct7 = insn >>> 25;
        boolean dbl = (funct7 & 1) != 0;
        if ((funct7 & 2) != 0) {
            return false;
        }
        switch (funct7 >>> 2) {
            case 0x00, 0x01, 0x02, 0x03 -> {
                int mode = roundingMode(rm, fs);
                if (mode < 0) {
                    return false;
                }
                arithmetic(funct7 >>> 2, dbl, rd, rs1, rs2, mode, fs);
            }
            case 0x0B -> {
                int mode = roundingMode(rm, fs);
                if (mode < 0 || rs2 != 0) {
                    return false;
                }
                sqrt(dbl, rd, rs1, mode, fs);
            }
            case 0x04 -> {
                if (rm > 2) {
                    return false;
                }
                signInjection(dbl, rd, rs1, rs2, rm, fs);
            }
            case 0x05 -> {
                if (rm > 1) {
                    return false;
                }
                minMax(dbl, rd, rs1, rs2, rm == 1, fs);
            }
            case 0x08 -> {
                int mode = roundingMode(rm, fs);
                if (mode < 0 || rs2 != (dbl ? 0 : 1)) {
                    return false;
                }
                FloatConversions.betweenFormats(dbl, rd, rs1, mode, fs);
            }
            case 0x14 -> {
                if (rm > 2) {
                    return false;
                }
                compare(dbl, rd, rs1, rs2, rm, fs, x);
            }
            case 0x18 -> {
                int mode = roundingMode(rm, fs);
                if (mode < 0 || rs2 > 3) {
                    return false;
                }
                FloatConversions.toInteger(dbl, rd, rs1, rs2, mode, fs, x);
            }
            case 0x1A -> {
                int mode = roundingMode(rm, fs);
                if (mode < 0 || rs2 > 3) {
                    return false;
                }
                FloatConversions.fromInteger(dbl, rd, rs1, rs2, mode, fs, x);
            }
            case 0x1C -> {
                if (rs2 != 0 || rm > 1) {
                    return false;
                }
                if (rd != 0) {
                    x[rd] = rm == 1 ? classify(dbl, fs.f[rs1]) : dbl ? fs.f[rs1] : (int) fs.f[rs1];
                }
            }
            case 0x1E -> {
                if (rs2 != 0 || rm != 0) {
                    return false;
                }
                fs.f[rd] = dbl ? x[rs1] : BOX | (x[rs1] & 0xFFFFFFFFL);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The effective rounding mode, or -1 if the static or dynamic mode is reserved. */
    static int roundingMode(int rm, FloatState fs) {
        int mode = rm == DYN ? fs.frm : rm;
        return mode <= RMM ? mode : -1;
    }

    // ---- operand access ----

    /** A single-precision operand: its bits, or the canonical NaN if the register is not NaN-boxed. */
    static int unbox(long reg) {
        return (reg & BOX) == BOX ? (int) reg : CANONICAL_NAN_S;
    }

    static boolean isSignalingS(int bits) {
        return (bits & 0x7F800000) == 0x7F800000 && (bits & 0x7FFFFF) != 0 && (bits & 0x400000) == 0;
    }

    static boolean isSignalingD(long bits) {
        return (bits & 0x7FF0000000000000L) == 0x7FF0000000000000L && (bits & 0xFFFFFFFFFFFFFL) != 0
                && (bits & 0x8000000000000L) == 0;
    }

    static double operand(boolean dbl, long reg) {
        return dbl ? Double.longBitsToDouble(reg) : Float.intBitsToFloat(unbox(reg));
    }

    private static boolean signaling(boolean dbl, long reg) {
        return dbl ? isSignalingD(reg) : isSignalingS(unbox(reg));
    }

    static long result(boolean dbl, double value) {
        if (Double.isNaN(value)) {
            return dbl ? CANONICAL_NAN_D : BOX | CANONICAL_NAN_S;
        }
        return dbl ? Double.doubleToRawLongBits(value) : BOX | (Float.floatToRawIntBits((float) value) & 0xFFFFFFFFL);
    }

    // ---- arithmetic ----

    private static final java.math.MathContext QUOTIENT = new java.math.MathContext(80);

    private static void arithmetic(int op, boolean dbl, int rd, int rs1, int rs2, int mode, FloatState fs) {
        double a = operand(dbl, fs.f[rs1]), b = operand(dbl, fs.f[rs2]);
        if (signaling(dbl, fs.f[rs1]) || signaling(dbl, fs.f[rs2])) {
            fs.fflags |= NV;
        }
        double bb = op == 1 ? -b : b;
        double hi = switch (op) {
            case 0, 1 -> a + bb;
            case 2 -> a * b;
            default -> a / b;
        };
        if (Double.isNaN(hi)) {
            if (!Double.isNaN(a) && !Double.isNaN(b)) {
                fs.fflags |= NV;
            }
            fs.f[rd] = result(dbl, Double.NaN);
            return;
        }
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            fs.f[rd] = result(dbl, hi);
            return;
        }
        if (op == 3 && b == 0) {
            fs.fflags |= DZ;
            fs.f[rd] = result(dbl, hi);
            return;
        }
        if (mode == RNE) {
            double lo = switch (op) {
                case 0, 1 -> twoSumError(a, bb, hi);
                case 2 -> Math.fma(a, b, -hi);
                default -> Math.fma(-hi, b, a);
            };
            if (fastRoundToNearest(dbl, rd, hi, op == 3 ? lo * Math.signum(b) : lo, fs)) {
                return;
            }
        }
        BigDecimal x = new BigDecimal(a), y = new BigDecimal(bb);
        BigDecimal exact;
        switch (op) {
            case 0, 1 -> exact = x.add(y);
            case 2 -> exact = x.multiply(y);
            default -> {
                boolean representable = Double.isFinite(hi) && new BigDecimal(hi).multiply(y).compareTo(x) == 0;
                exact = representable ? new BigDecimal(hi) : x.divide(y, QUOTIENT);
            }
        }
        if (exact.signum() == 0) {
            boolean sameSignZeros = a == 0 && bb == 0 && (Double.doubleToRawLongBits(a) < 0) == (Double.doubleToRawLongBits(bb) < 0);
            double zero = op <= 1 && !sameSignZeros ? (mode == RDN ? -0.0 : 0.0) : hi;
            fs.f[rd] = result(dbl, zero);
            return;
        }
        fs.f[rd] = result(dbl, Rounding.round(exact, dbl, mode, fs));
    }

    /**
     * Round-to-nearest when the result is normal: {@code hi} is already the double result and {@code lo}
     * (the exact value's remainder past hi, or its sign) says whether it was exact. Returns false when
     * the slow path must decide (subnormal, zero or overflowing results).
     */
    static boolean fastRoundToNearest(boolean dbl, int rd, double hi, double lo, FloatState fs) {
        if (dbl) {
            if (!Double.isFinite(hi) || Math.abs(hi) < Double.MIN_NORMAL) {
                return false;
            }
            if (lo != 0) {
                fs.fflags |= NX;
            }
            fs.f[rd] = Double.doubleToRawLongBits(hi);
            return true;
        }
        float f = (float) hi;
        if (!Float.isFinite(f) || Math.abs(f) < Float.MIN_NORMAL) {
            return false;
        }
        double diff = hi - f;
        if (diff != 0 && lo != 0) {
            float n = diff > 0 ? Math.nextUp(f) : Math.nextDown(f);
            if (diff == ((double) n - f) / 2 && Math.signum(lo) == Math.signum(diff)) {
                // hi sat exactly on a midpoint that the exact value had passed: round away from f.
                f = n;
            }
        }
        if (diff != 0 || lo != 0) {
            fs.fflags |= NX;
        }
        if (!Float.isFinite(f)) {
            return false;
        }
        fs.f[rd] = BOX | (Float.floatToRawIntBits(f) & 0xFFFFFFFFL);
        return true;
    }

    private static double twoSumError(double a, double b, double s) {
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }

    private static void sqrt(boolean dbl, int rd, int rs1, int mode, FloatState fs) {
        double a = operand(dbl, fs.f[rs1]);
        if (signaling(dbl, fs.f[rs1])) {
            fs.fflags |= NV;
        }
        double s = Math.sqrt(a);
        if (Double.isNaN(s) && !Double.isNaN(a)) {
            fs.fflags |= NV;
        }
        if (!Double.isFinite(s) || a == 0) {
            fs.f[rd] = result(dbl, s);
            return;
        }
        if (mode == RNE && fastRoundToNearest(dbl, rd, s, Math.fma(-s, s, a), fs)) {
            return;
        }
        BigDecimal x = new BigDecimal(a);
        boolean representable = new BigDecimal(s).pow(2).compareTo(x) == 0;
        BigDecimal exact = representable ? new BigDecimal(s) : x.sqrt(QUOTIENT);
        fs.f[rd] = result(dbl, Rounding.round(exact, dbl, mode, fs));
    }

    private static void fusedMultiplyAdd(int opcode, boolean dbl, int rd, int rs1, int rs2, int rs3, int mode, FloatState fs) {
        double a = operand(dbl, fs.f[rs1]), b = operand(dbl, fs.f[rs2]), c = operand(dbl, fs.f[rs3]);
        if (signaling(dbl, fs.f[rs1]) || signaling(dbl, fs.f[rs2]) || signaling(dbl, fs.f[rs3])) {
            fs.fflags |= NV;
        }
        boolean negateProduct = opcode == 0x4B || opcode == 0x4F;
        boolean negateAddend = opcode == 0x47 || opcode == 0x4F;
        double p = negateProduct ? -a : a;
        double addend = negateAddend ? -c : c;
        double hi = Math.fma(p, b, addend);
        if ((Double.isInfinite(a) && b == 0) || (a == 0 && Double.isInfinite(b))) {
            fs.fflags |= NV;
            fs.f[rd] = result(dbl, Double.NaN);
            return;
        }
        if (Double.isNaN(hi)) {
            if (!Double.isNaN(a) && !Double.isNaN(b) && !Double.isNaN(c)) {
                fs.fflags |= NV;
            }
            fs.f[rd] = result(dbl, Double.NaN);
            return;
        }
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
            fs.f[rd] = result(dbl, hi);
            return;
        }
        BigDecimal exact = new BigDecimal(p).multiply(new BigDecimal(b)).add(new BigDecimal(addend));
        if (exact.signum() == 0) {
            boolean productZero = p == 0 || b == 0;
            fs.f[rd] = result(dbl, productZero && addend == 0 ? hi : (mode == RDN ? -0.0 : 0.0));
            return;
        }
        fs.f[rd] = result(dbl, Rounding.round(exact, dbl, mode, fs));
    }

    // ---- sign injection, min/max, compare, classify ----

    private static void signInjection(boolean dbl, int rd, int rs1, int rs2, int kind, FloatState fs) {
        if (dbl) {
            long a = fs.f[rs1], b = fs.f[rs2];
            long sign = switch (kind) {
                case 0 -> b;
                case 1 -> ~b;
                default -> a ^ b;
            };
            fs.f[rd] = (a & Long.MAX_VALUE) | (sign & Long.MIN_VALUE);
        } else {
            int a = unbox(fs.f[rs1]), b = unbox(fs.f[rs2]);
            int sign = switch (kind) {
                case 0 -> b;
                case 1 -> ~b;
                default -> a ^ b;
            };
            fs.f[rd] = BOX | (((a & Integer.MAX_VALUE) | (sign & Integer.MIN_VALUE)) & 0xFFFFFFFFL);
        }
    }

    private static void minMax(boolean dbl, int rd, int rs1, int rs2, boolean max, FloatState fs) {
        double a = operand(dbl, fs.f[rs1]), b = operand(dbl, fs.f[rs2]);
        if (signaling(dbl, fs.f[rs1]) || signaling(dbl, fs.f[rs2])) {
            fs.fflags |= NV;
        }
        double r;
        if (Double.isNaN(a) && Double.isNaN(b)) {
            r = Double.NaN;
        } else if (Double.isNaN(a)) {
            r = b;
        } else if (Double.isNaN(b)) {
            r = a;
        } else {
            r = max ? Math.max(a, b) : Math.min(a, b);
        }
        fs.f[rd] = result(dbl, r);
    }

    private static void compare(boolean dbl, int rd, int rs1, int rs2, int kind, FloatState fs, long[] x) {
        double a = operand(dbl, fs.f[rs1]), b = operand(dbl, fs.f[rs2]);
        boolean nan = Double.isNaN(a) || Double.isNaN(b);
        boolean signalingNan = signaling(dbl, fs.f[rs1]) || signaling(dbl, fs.f[rs2]);
        if (signalingNan || (nan && kind != 2)) {
            fs.fflags |= NV;
        }
        boolean r = switch (kind) {
            case 0 -> a <= b;
            case 1 -> a < b;
            default -> a == b;
        };
        if (rd != 0) {
            x[rd] = r ? 1 : 0;
        }
    }

    static long classify(boolean dbl, long reg) {
        if (dbl) {
            double v = Double.longBitsToDouble(reg);
            boolean neg = reg < 0;
            if (Double.isNaN(v)) {
                return isSignalingD(reg) ? 1 << 8 : 1 << 9;
            }
            return classBit(neg, Double.isInfinite(v), v == 0, Math.abs(v) < Double.MIN_NORMAL);
        }
        int bits = unbox(reg);
        float v = Float.intBitsToFloat(bits);
        if (Float.isNaN(v)) {
            return isSignalingS(bits) ? 1 << 8 : 1 << 9;
        }
        return classBit(bits < 0, Float.isInfinite(v), v == 0, Math.abs(v) < Float.MIN_NORMAL);
    }

    private static long classBit(boolean negative, boolean infinite, boolean zero, boolean subnormal) {
        int bit = infinite ? 0 : zero ? 3 : subnormal ? 2 : 1;
        return negative ? 1L << bit : 1L << (7 - bit);
    }
}
