package io.vireo.engine.cpu;

import java.math.BigDecimal;

import static io.vireo.engine.cpu.FloatState.NX;
import static io.vireo.engine.cpu.FloatState.OF;
import static io.vireo.engine.cpu.FloatState.UF;

/**
 * Correct rounding of an exact value to binary32 or binary64 in any RISC-V rounding mode, with the
 * inexact, overflow and underflow flags (tininess detected after rounding). The slow, always-right
 * path of {@link Fpu}: it is taken for directed modes, subnormal results and overflow.
 */
final class Rounding {
    private static final BigDecimal HALF = new BigDecimal("0.5");

    private Rounding() {
    }

    /**
     * Rounds {@code exact} (non-zero; a zero result never comes here) to the format.
     * Returns the result as a double (a float result is exactly representable in it).
     */
    static double round(BigDecimal exact, boolean dbl, int mode, FloatState fs) {
        double guess = dbl ? exact.doubleValue() : (float) exact.doubleValue();
        boolean positive = exact.signum() > 0;
        if (Double.isInfinite(guess)) {
            return overflow(positive, dbl, mode, fs);
        }
        int c = exact.compareTo(new BigDecimal(guess));
        if (c == 0) {
            return guess;
        }
        double lower = c > 0 ? guess : next(guess, false, dbl);
        double upper = c > 0 ? next(guess, true, dbl) : guess;
        double chosen = switch (mode) {
            case Fpu.RTZ -> positive ? lower : upper;
            case Fpu.RDN -> lower;
            case Fpu.RUP -> upper;
            default -> nearest(exact, lower, upper, mode == Fpu.RMM, positive, dbl);
        };
        fs.fflags |= NX;
        if (Double.isInfinite(chosen)) {
            fs.fflags |= OF;
        } else if (Math.abs(chosen) < (dbl ? Double.MIN_NORMAL : Float.MIN_NORMAL)
                || (chosen == (positive ? minNormal(dbl) : -minNormal(dbl)) && tinyBeforeLosingPrecision(exact, dbl))) {
            fs.fflags |= UF;
        }
        return chosen;
    }

    private static double minNormal(boolean dbl) {
        return dbl ? Double.MIN_NORMAL : Float.MIN_NORMAL;
    }

    /** After-rounding tininess at the smallest normal: tiny if rounding with unbounded exponent stays below it. */
    private static boolean tinyBeforeLosingPrecision(BigDecimal exact, boolean dbl) {
        BigDecimal min = new BigDecimal(minNormal(dbl));
        BigDecimal ulpAtMin = new BigDecimal(dbl ? Math.ulp(Double.MIN_NORMAL) : Math.ulp(Float.MIN_NORMAL));
        BigDecimal threshold = min.subtract(ulpAtMin.multiply(HALF).multiply(HALF));
        return exact.abs().compareTo(threshold) < 0;
    }

    private static double nearest(BigDecimal exact, double lower, double upper, boolean tiesAway, boolean positive,
                                  boolean dbl) {
        if (Double.isInfinite(upper) || Double.isInfinite(lower)) {
            double finite = Double.isInfinite(upper) ? lower : upper;
            BigDecimal mid = new BigDecimal(finite).add(new BigDecimal(dbl ? Math.ulp(finite) : Math.ulp((float) finite))
                    .multiply(HALF).multiply(BigDecimal.valueOf(Double.isInfinite(upper) ? 1 : -1)));
            int cm = exact.compareTo(mid);
            boolean toInfinity = Double.isInfinite(upper) ? cm >= 0 : cm <= 0;
            return toInfinity ? (Double.isInfinite(upper) ? upper : lower) : finite;
        }
        BigDecimal mid = new BigDecimal(lower).add(new BigDecimal(upper)).multiply(HALF);
        int cm = exact.compareTo(mid);
        if (cm != 0) {
            return cm < 0 ? lower : upper;
        }
        if (tiesAway) {
            return positive ? upper : lower;
        }
        return isEven(lower, dbl) ? lower : upper;
    }

    private static boolean isEven(double v, boolean dbl) {
        return dbl ? (Double.doubleToRawLongBits(v) & 1) == 0 : (Float.floatToRawIntBits((float) v) & 1) == 0;
    }

    private static double next(double v, boolean up, boolean dbl) {
        if (dbl) {
            return up ? Math.nextUp(v) : Math.nextDown(v);
        }
        float f = (float) v;
        return up ? Math.nextUp(f) : Math.nextDown(f);
    }

    static double overflow(boolean positive, boolean dbl, int mode, FloatState fs) {
        fs.fflags |= OF | NX;
        double max = dbl ? Double.MAX_VALUE : Float.MAX_VALUE;
        boolean toInfinity = switch (mode) {
            case Fpu.RTZ -> false;
            case Fpu.RDN -> !positive;
            case Fpu.RUP -> positive;
            default -> true;
        };
        double magnitude = toInfinity ? Double.POSITIVE_INFINITY : max;
        return positive ? magnitude : -magnitude;
    }

    /** Rounds {@code v} to an integral value in the mode (NaN and infinities pass through). */
    static double toIntegral(double v, int mode) {
        if (!Double.isFinite(v)) {
            return v;
        }
        return switch (mode) {
            case Fpu.RNE -> Math.rint(v);
            case Fpu.RTZ -> v < 0 ? Math.ceil(v) : Math.floor(v);
            case Fpu.RDN -> Math.floor(v);
            case Fpu.RUP -> Math.ceil(v);
            default -> {
                double a = Math.abs(v), f = Math.floor(a);
                double r = a - f >= 0.5 ? f + 1 : f;
                yield Math.copySign(r, v);
            }
        };
    }
}
