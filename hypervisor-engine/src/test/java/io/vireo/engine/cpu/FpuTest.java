package io.vireo.engine.cpu;

import org.junit.jupiter.api.Test;

import static io.vireo.engine.cpu.FloatState.DZ;
import static io.vireo.engine.cpu.FloatState.NV;
import static io.vireo.engine.cpu.FloatState.NX;
import static io.vireo.engine.cpu.FloatState.OF;
import static io.vireo.engine.cpu.FloatState.UF;
import static org.assertj.core.api.Assertions.assertThat;

class FpuTest {
    private static final int S = 0, D = 1;
    private static final int RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4, DYN = 7;
    private static final long BOX = 0xFFFFFFFF00000000L;

    private final FloatState fs = new FloatState();
    private final long[] x = new long[32];

    private static int opFp(int funct5, int fmt, int rs2, int rs1, int rm, int rd) {
        return ((funct5 << 2 | fmt) << 25) | (rs2 << 20) | (rs1 << 15) | (rm << 12) | (rd << 7) | 0x53;
    }

    private static int r4(int opcode, int fmt, int rs3, int rs2, int rs1, int rm, int rd) {
        return (rs3 << 27) | (fmt << 25) | (rs2 << 20) | (rs1 << 15) | (rm << 12) | (rd << 7) | opcode;
    }

    private void setD(int reg, double v) {
        fs.f[reg] = Double.doubleToRawLongBits(v);
    }

    private void setS(int reg, float v) {
        fs.f[reg] = BOX | (Float.floatToRawIntBits(v) & 0xFFFFFFFFL);
    }

    private double d(int reg) {
        return Double.longBitsToDouble(fs.f[reg]);
    }

    private float s(int reg) {
        assertThat(fs.f[reg] & BOX).as("single results are NaN-boxed").isEqualTo(BOX);
        return Float.intBitsToFloat((int) fs.f[reg]);
    }

    private void exec(int insn) {
        assertThat(Fpu.execute(insn, fs, x)).as("legal").isTrue();
    }

    @Test
    void exactDoubleAdditionRaisesNoFlags() {
        setD(1, 1.5);
        setD(2, 2.25);
        exec(opFp(0x00, D, 2, 1, RNE, 3));
        assertThat(d(3)).isEqualTo(3.75);
        assertThat(fs.fflags).isZero();
    }

    @Test
    void inexactResultsFollowEveryRoundingMode() {
        // 1/3 in each mode: RDN and RTZ give the value below, RUP the one above.
        for (int mode : new int[] {RNE, RTZ, RDN, RUP, RMM}) {
            fs.fflags = 0;
            setD(1, 1.0);
            setD(2, 3.0);
            exec(opFp(0x03, D, 2, 1, mode, 3));
            double expected = switch (mode) {
                case RUP -> Math.nextUp(1.0 / 3);
                default -> 1.0 / 3;
            };
            assertThat(d(3)).as("mode " + mode).isEqualTo(expected);
            assertThat(fs.fflags).isEqualTo(NX);
        }
        setD(1, -1.0);
        setD(2, 3.0);
        exec(opFp(0x03, D, 2, 1, RDN, 3));
        assertThat(d(3)).isEqualTo(Math.nextDown(-1.0 / 3));
    }

    @Test
    void dynamicRoundingModeComesFromFrmAndReservedModesAreIllegal() {
        fs.frm = RDN;
        setS(1, 1.0f);
        setS(2, 3.0f);
        exec(opFp(0x03, S, 2, 1, DYN, 3));
        assertThat(s(3)).as("1/3 rounds up to nearest in binary32, so round-down is one below")
                .isEqualTo(Math.nextDown(1.0f / 3));
        fs.frm = 5;
        assertThat(Fpu.execute(opFp(0x03, S, 2, 1, DYN, 3), fs, x)).isFalse();
        assertThat(Fpu.execute(opFp(0x00, D, 2, 1, 6, 3), fs, x)).isFalse();
    }

    @Test
    void tiesAwayDiffersFromTiesToEvenOnlyOnExactHalves() {
        // 1 + 2^-53 is exactly halfway between 1 and nextUp(1).
        setD(1, 1.0);
        setD(2, 0x1p-53);
        exec(opFp(0x00, D, 2, 1, RNE, 3));
        assertThat(d(3)).isEqualTo(1.0);
        exec(opFp(0x00, D, 2, 1, RMM, 3));
        assertThat(d(3)).isEqualTo(Math.nextUp(1.0));
    }

    @Test
    void singlePrecisionAvoidsDoubleRoundingErrors() {
        // 1 + 2^-24 + 2^-60: the double sum lands on the float midpoint, but the exact sum lies above it.
        setS(1, 1.0f);
        setS(2, 0x1p-24f);
        exec(opFp(0x00, S, 2, 1, RNE, 3));
        assertThat(s(3)).as("a true tie rounds to even").isEqualTo(1.0f);
        setS(2, Float.intBitsToFloat(0x33800001));   // just above 2^-24
        exec(opFp(0x00, S, 2, 1, RNE, 3));
        assertThat(s(3)).isEqualTo(Math.nextUp(1.0f));
    }

    @Test
    void overflowUnderflowAndDivideByZeroRaiseTheirFlags() {
        setD(1, Double.MAX_VALUE);
        setD(2, 2.0);
        exec(opFp(0x02, D, 2, 1, RNE, 3));
        assertThat(d(3)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(fs.fflags).isEqualTo(OF | NX);
        fs.fflags = 0;
        exec(opFp(0x02, D, 2, 1, RTZ, 3));
        assertThat(d(3)).as("round toward zero saturates").isEqualTo(Double.MAX_VALUE);
        fs.fflags = 0;
        setD(1, Double.MIN_NORMAL);
        setD(2, 3.0);
        exec(opFp(0x03, D, 2, 1, RNE, 3));
        assertThat(fs.fflags).isEqualTo(UF | NX);
        fs.fflags = 0;
        setD(1, 1.0);
        setD(2, 0.0);
        exec(opFp(0x03, D, 2, 1, RNE, 3));
        assertThat(d(3)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(fs.fflags).isEqualTo(DZ);
    }

    @Test
    void invalidOperationsGiveTheCanonicalNanAndNv() {
        setD(1, Double.POSITIVE_INFINITY);
        setD(2, Double.POSITIVE_INFINITY);
        exec(opFp(0x01, D, 2, 1, RNE, 3));
        assertThat(fs.f[3]).isEqualTo(0x7FF8000000000000L);
        assertThat(fs.fflags).isEqualTo(NV);
        fs.fflags = 0;
        setS(1, -1.0f);
        exec(opFp(0x0B, S, 0, 1, RNE, 3));
        assertThat(fs.f[3]).isEqualTo(BOX | 0x7FC00000L);
        assertThat(fs.fflags).isEqualTo(NV);
    }

    @Test
    void badlyBoxedSinglesReadAsTheCanonicalNan() {
        fs.f[1] = 0x000000003F800000L; // 1.0f without the NaN-box
        setS(2, 1.0f);
        exec(opFp(0x00, S, 2, 1, RNE, 3));
        assertThat(fs.f[3]).isEqualTo(BOX | 0x7FC00000L);
        assertThat(fs.fflags).as("a quiet NaN operand raises nothing").isZero();
    }

    @Test
    void minMaxOrderSignedZerosAndIgnoreOneNan() {
        setD(1, -0.0);
        setD(2, 0.0);
        exec(opFp(0x05, D, 2, 1, 0, 3));
        assertThat(Double.doubleToRawLongBits(d(3))).isEqualTo(Long.MIN_VALUE);
        exec(opFp(0x05, D, 2, 1, 1, 3));
        assertThat(Double.doubleToRawLongBits(d(3))).isZero();
        fs.f[1] = 0x7FF0000000000001L; // signaling NaN
        setD(2, 5.0);
        exec(opFp(0x05, D, 2, 1, 0, 3));
        assertThat(d(3)).isEqualTo(5.0);
        assertThat(fs.fflags).isEqualTo(NV);
    }

    @Test
    void comparisonsSignalOnlyWhereTheSpecSays() {
        fs.f[1] = 0x7FF8000000000000L;
        setD(2, 1.0);
        exec(opFp(0x14, D, 2, 1, 2, 10));   // feq: quiet
        assertThat(x[10]).isZero();
        assertThat(fs.fflags).isZero();
        exec(opFp(0x14, D, 2, 1, 1, 10));   // flt: signaling
        assertThat(fs.fflags).isEqualTo(NV);
        setD(1, 1.0);
        exec(opFp(0x14, D, 2, 1, 0, 10));   // fle
        assertThat(x[10]).isEqualTo(1);
    }

    @Test
    void conversionsToIntegersRoundSaturateAndSignExtend() {
        setD(1, 2.5);
        exec(opFp(0x18, D, 0, 1, RNE, 10));
        assertThat(x[10]).isEqualTo(2);
        exec(opFp(0x18, D, 0, 1, RMM, 10));
        assertThat(x[10]).isEqualTo(3);
        assertThat(fs.fflags).isEqualTo(NX);
        fs.fflags = 0;
        setD(1, 0x1p31);
        exec(opFp(0x18, D, 0, 1, RTZ, 10));
        assertThat(x[10]).as("fcvt.w.d saturates").isEqualTo(Integer.MAX_VALUE);
        assertThat(fs.fflags).isEqualTo(NV);
        setD(1, 4294967295.0);
        exec(opFp(0x18, D, 1, 1, RTZ, 10));
        assertThat(x[10]).as("fcvt.wu.d sign-extends its 32-bit result").isEqualTo(-1L);
        fs.fflags = 0;
        setD(1, -0.5);
        exec(opFp(0x18, D, 1, 1, RTZ, 10));
        assertThat(x[10]).isZero();
        assertThat(fs.fflags).as("rounds into range: only inexact").isEqualTo(NX);
        fs.f[1] = 0x7FF8000000000000L;
        exec(opFp(0x18, D, 2, 1, RTZ, 10));
        assertThat(x[10]).as("NaN converts to the largest value").isEqualTo(Long.MAX_VALUE);
        setD(1, 0x1p63);
        exec(opFp(0x18, D, 3, 1, RTZ, 10));
        assertThat(x[10]).as("fcvt.lu.d of 2^63").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void conversionsFromIntegersAreExactWhenTheyFit() {
        x[5] = -7;
        exec(opFp(0x1A, D, 0, 5, RNE, 3));
        assertThat(d(3)).isEqualTo(-7.0);
        x[5] = (1L << 53) + 1;
        exec(opFp(0x1A, D, 2, 5, RDN, 3));
        assertThat(d(3)).isEqualTo(0x1p53);
        assertThat(fs.fflags).isEqualTo(NX);
        x[5] = -1;
        exec(opFp(0x1A, D, 3, 5, RNE, 3));
        assertThat(d(3)).as("fcvt.d.lu of 2^64-1").isEqualTo(0x1p64);
    }

    @Test
    void fusedMultiplyAddRoundsOnce() {
        // (1 + 2^-30)^2 - 1 = 2^-29 + 2^-60: a separate multiply would lose the 2^-60 term.
        double a = 1 + 0x1p-30;
        setD(1, a);
        setD(2, a);
        setD(4, 1.0);
        exec(r4(0x47, D, 4, 2, 1, RNE, 3));   // fmsub: a*b - c
        assertThat(d(3)).isEqualTo(0x1p-29 + 0x1p-60);
        assertThat(fs.fflags).isZero();
        exec(r4(0x4F, D, 4, 2, 1, RNE, 3));   // fnmadd: -(a*b) - c
        assertThat(d(3)).isEqualTo(-Math.fma(a, a, 1.0));
    }

    @Test
    void signInjectionMovesAndClassify() {
        setD(1, 3.0);
        setD(2, -1.0);
        exec(opFp(0x04, D, 2, 1, 0, 3));
        assertThat(d(3)).isEqualTo(-3.0);
        exec(opFp(0x04, D, 2, 1, 2, 3));
        assertThat(d(3)).isEqualTo(-3.0);
        setS(1, -2.0f);
        exec(opFp(0x1C, S, 0, 1, 0, 10));    // fmv.x.w sign-extends
        assertThat(x[10]).isEqualTo((long) Float.floatToRawIntBits(-2.0f));
        exec(opFp(0x1C, S, 0, 1, 1, 10));    // fclass.s: negative normal
        assertThat(x[10]).isEqualTo(1 << 1);
        x[11] = 0x3F800000L;
        exec(opFp(0x1E, S, 0, 11, 0, 4));    // fmv.w.x boxes
        assertThat(fs.f[4]).isEqualTo(BOX | 0x3F800000L);
        setD(1, Double.MIN_VALUE);
        exec(opFp(0x1C, D, 0, 1, 1, 10));
        assertThat(x[10]).as("positive subnormal").isEqualTo(1 << 5);
    }

    @Test
    void narrowingConversionRoundsAndFlags() {
        setD(1, 1.0 + 0x1p-40);
        exec(opFp(0x08, S, 1, 1, RUP, 3));
        assertThat(s(3)).isEqualTo(Math.nextUp(1.0f));
        assertThat(fs.fflags).isEqualTo(NX);
        setD(1, 1e300);
        exec(opFp(0x08, S, 1, 1, RNE, 3));
        assertThat(s(3)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(fs.fflags & OF).isEqualTo(OF);
    }
}
