package io.vireo.engine.cpu;

/**
 * A hart's floating-point state: 32 registers of 64 bits (single-precision values NaN-boxed in the
 * upper half), the accrued exception flags and the dynamic rounding mode, as fcsr holds them.
 */
public final class FloatState {
    public static final int NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16;

    public final long[] f = new long[32];
    /** Accrued exceptions, fcsr bits 4:0 (NV DZ OF UF NX). */
    public int fflags;
    /** Dynamic rounding mode, fcsr bits 7:5 (RNE=0, RTZ=1, RDN=2, RUP=3, RMM=4). */
    public int frm;

    public void reset() {
        java.util.Arrays.fill(f, 0);
        fflags = 0;
        frm = 0;
    }
}
