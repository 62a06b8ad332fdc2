package io.vireo.engine.cpu;

import java.math.BigDecimal;

import static io.vireo.engine.cpu.FloatState.NV;
import static io.vireo.engine.cpu.FloatState.NX;
import static io.vireo.engine.cpu.Fpu.RNE;
import static io.vireo.engine.cpu.Fpu.fastRoundToNearest;
import static io.vireo.engine.cpu.Fpu.isSignalingD;
import static io.vireo.engine.cpu.Fpu.isSignalingS;
import static io.vireo.engine.cpu.Fpu.operand;
import static io.vireo.engine.cpu.Fpu.result;
import static io.vireo.engine.cpu.Fpu.unbox;

/**
 * The F and D extensions' conversions: between single and double precision, and between either and
 * 32- or 64-bit integers, signed or unsigned, with the rounding and saturation the spec's tables give.
 * {@link Fpu} decodes them and holds the NaN-boxing and rounding helpers they share.
 */
final class FloatConversions {
    private FloatConversions() {
    }

    /** FCVT.D.S (exact) and FCVT.S.D (rounded in the mode). */
    static void betweenFormats(boolean toDouble, int rd, int rs1, int mode, FloatState fs) {
        if (toDouble) {
            int bits = unbox(fs.f[rs1]);
            if (isSignalingS(bits)) {
                fs.fflags |= NV;
            }
            fs.f[rd] = result(true, Float.intBitsToFloat(bits));
            return;
        }
        long bits = fs.f[rs1];
        if (isSignalingD(bits)) {
            fs.fflags |= NV;
        }
        double v = Double.longBitsToDouble(bits);
        if (!Double.isFinite(v) || v == 0) {
            fs.f[rd] = result(false, v);
        } else if (mode != RNE || !fastRoundToNearest(false, rd, v, 0, fs)) {
            fs.f[rd] = result(false, Rounding.round(new BigDecimal(v), false, mode, fs));
        }
    }

    /** FCVT.{W,WU,L,LU}.{S,D}: round to an integer in the mode, saturating with NV when out of range. */
    static void toInteger(boolean dbl, int rd, int rs1, int kind, int mode, FloatState fs, long[] x) {
        double v = operand(dbl, fs.f[rs1]);
        double r = Rounding.toIntegral(v, mode);
        long value;
        boolean invalid;
        switch (kind) {
            case 0 -> {
                invalid = Double.isNaN(r) || r < Integer.MIN_VALUE || r > Integer.MAX_VALUE;
                value = invalid ? (Double.isNaN(r) || r > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE) : (long) r;
            }
            case 1 -> {
                invalid = Double.isNaN(r) || r < 0 || r > 0xFFFFFFFFL;
                value = invalid ? (Double.isNaN(r) || r > 0 ? -1 : 0) : (int) (long) r;
            }
            case 2 -> {
                invalid = Double.isNaN(r) || r < -0x1p63 || r >= 0x1p63;
                value = invalid ? (Double.isNaN(r) || r > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : (long) r;
            }
            default -> {
                invalid = Double.isNaN(r) || r < 0 || r >= 0x1p64;
                value = invalid ? (Double.isNaN(r) || r > 0 ? -1 : 0)
                        : r >= 0x1p63 ? (long) (r - 0x1p63) + Long.MIN_VALUE : (long) r;
            }
        }
        if (invalid) {
            fs.fflags |= NV;
        } else if (r != v) {
            fs.fflags |= NX;
        }
        if (kind == 0 || kind == 1) {
            value = (int) value;
        }
        if (rd != 0) {
            x[rd] = value;
        }
    }

    /** FCVT.{S,D}.{W,WU,L,LU}: exact when the integer fits the significand, else rounded in the mode. */
    static void fromInteger(boolean dbl, int rd, int rs1, int kind, int mode, FloatState fs, long[] x) {
        long raw = x[rs1];
        long value = switch (kind) {
            case 0 -> (int) raw;
            case 1 -> raw & 0xFFFFFFFFL;
            default -> raw;
        };
        boolean hugeUnsigned = kind == 3 && raw < 0;
        long limit = dbl ? 1L << 53 : 1L << 24;
        if (!hugeUnsigned && value != Long.MIN_VALUE && Math.abs(value) <= limit) {
            fs.f[rd] = result(dbl, (double) value);
            return;
        }
        BigDecimal exact = hugeUnsigned ? new BigDecimal(Long.toUnsignedString(raw)) : BigDecimal.valueOf(value);
        fs.f[rd] = result(dbl, Rounding.round(exact, dbl, mode, fs));
    }
}
