package io.vireo.engine.cpu.jit;

import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.TestMachine;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.vireo.engine.cpu.jit.AgainstInterpreter.*;
import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Float, atomic and CSR instructions inside translated regions, which call the interpreter's own
 * definitions of them, against the interpreter ({@link AgainstInterpreter}): the same results, flags and
 * traps at the same instruction, and interrupts taken where a CSR write makes them deliverable.
 */
class TranslatedStatefulInstructionsTest {
    private static final int FFLAGS = 0x001, FRM = 0x002, SSTATUS = 0x100, SIE = 0x104, STVEC = 0x105, SIP = 0x144,
            SSCRATCH = 0x140, SEPC = 0x141, SCAUSE = 0x142;
    private static final long FS = 0x6000;
    /** Trap handler registers, the trap count and the loop's own: no random instruction writes them. */
    private static final int[] RESERVED = {A0, A1, A2, S2, S0, S1, T0, T1};
    private static final int[] OP_FP = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x0B, 0x14, 0x18, 0x1A, 0x1C, 0x1E};
    private static final int[] FUSED = {0x43, 0x47, 0x4B, 0x4F};

    /**
     * Random OP-FP and fused multiply-add words on random bits, NaNs and all, with every rounding mode (the
     * reserved ones trap), reads of fflags and writes of frm between them, and float state switched off for an
     * instruction each round, which traps inside the region.
     */
    @Test
    void randomFloatingPointCodeComputesAndTrapsWhereTheInterpreterDoes() {
        Random random = new Random(20261207);
        for (int round = 0; round < 4; round++) {
            Asm body = new Asm().li(S0, DATA).li(T1, FS).csrrs(ZERO, SSTATUS, T1);
            for (int i = 0; i < 16; i++) {
                body.li(T0, random.nextInt(4) == 0 ? Double.doubleToRawLongBits(random.nextGaussian()) : random.nextLong())
                        .sd(T0, S0, 8 * i);
            }
            for (int f = 0; f < 32; f++) {
                body.word(Asm.i(8 * (f % 16), S0, 3, f, 0x07));                            // fld
            }
            for (int r : new int[] {A3, A4, A5, A6, A7, S3, T3, T4, T5, T6}) {
                body.li(r, random.nextLong());
            }
            int loop = body.pc();
            for (int i = 0; i < 120; i++) {
                body.word(randomFloat(random));
            }
            body.csrrs(T3, FFLAGS, ZERO).addi(S3, S3, 1).csrrw(ZERO, FRM, S3)
                    .csrrc(ZERO, SSTATUS, T1).word(randomFloat(random)).csrrs(ZERO, SSTATUS, T1)
                    .addi(S1, S1, 1);
            body.jal(ZERO, loop - body.pc());
            State end = assertSameAsInterpreter(withHandler(body), 200, 1, 333, 7, 2000, 64, 5000);
            assertThat(end.registers().get(S2)).as("traps taken").isGreaterThan(10L);
            assertThat(splitAfter(withHandler(body), 20_000).interpretedFloat()).as("float instructions interpreted")
                    .isLessThan(1000);
        }
    }

    /**
     * Every AMO of both widths, LR/SC pairs that succeed and one that fails (another address), and misaligned
     * ones, which trap inside the region: memory, results and traps as the interpreter leaves them.
     */
    @Test
    void atomicsAndReservationsInARegionLeaveWhatTheInterpreterLeaves() {
        int[] amos = {0x00, 0x01, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C};
        Asm body = new Asm().li(S0, DATA).addi(T1, S0, 2).li(A5, 0x2545F4914F6CDD1DL);
        int loop = body.pc();
        body.xorshift(A5, T6);
        for (int i = 0; i < amos.length; i++) {
            for (int width = 2; width <= 3; width++) {
                body.addi(T2, S0, 8 * ((2 * i + width) % 16)).word(atomic(amos[i], width, new int[] {A3, A4, A6, A7}[i % 4], T2, A5));
            }
        }
        body.word(atomic(0x02, 3, A7, S0, ZERO)).addi(A7, A7, 1).word(atomic(0x03, 3, S3, S0, A7))   // lr.d, sc.d
                .addi(T2, S0, 8).word(atomic(0x02, 2, A7, T2, ZERO)).addi(T2, S0, 16)
                .word(atomic(0x03, 2, T3, T2, A7))                                                  // sc.w elsewhere
                .word(atomic(0x00, 2, A3, T1, A5)).word(atomic(0x02, 3, A4, T1, ZERO))              // misaligned
                .addi(S1, S1, 1);
        body.jal(ZERO, loop - body.pc());
        State end = assertSameAsInterpreter(withHandler(body), 100, 1, 7, 500, 33, 3000);
        assertThat(end.registers().get(S2)).as("misaligned atomics trapped").isGreaterThan(10L);
        assertThat(end.registers().get(S3)).as("the last sc.d succeeded").isZero();
        assertThat(splitAfter(withHandler(body), 20_000).interpretedAtomic()).as("atomics interpreted").isLessThan(500);
    }

    private static int atomic(int funct5, int width, int rd, int rs1, int rs2) {
        return funct5 << 27 | rs2 << 20 | rs1 << 15 | width << 12 | rd << 7 | 0x2F;
    }

    /**
     * A loop that enables and disables interrupts around plain work while software interrupts arrive between
     * step counts: each is taken right after the CSR write that enables it, never later in the region.
     */
    @Test
    void anInterruptIsTakenRightAfterTheCsrWriteThatEnablesItInsideARegion() {
        Asm p = new Asm().li(T0, HANDLER).csrrw(ZERO, STVEC, T0).csrrsi(ZERO, SIE, 2);
        int loop = p.pc();
        p.csrrsi(ZERO, SSTATUS, 2).addi(A3, A3, 1).csrrci(ZERO, SSTATUS, 2)
                .csrrw(A4, SSCRATCH, A3).addi(A5, A5, 3).csrrs(A6, SSCRATCH, ZERO).addi(S1, S1, 1);
        p.jal(ZERO, loop - p.pc());
        while (p.pc() < HANDLER - TestMachine.RAM) {
            p.nop();
        }
        // Records where the interrupt came, counts it, clears it and resumes.
        p.csrrs(A2, SCAUSE, ZERO).csrrs(A1, SEPC, ZERO).csrrci(ZERO, SIP, 2).addi(S2, S2, 1).sret();
        State end = assertSameAsInterpreter(p, (m, round) -> m.hart.raiseSoftwareInterrupt(),
                50, 9, 10, 11, 12, 13, 14, 15, 300, 13, 2000, 17, 9, 11);
        assertThat(end.registers().get(S2)).as("interrupts taken, one in each round after the first").isEqualTo(13L);
        assertThat(splitAfter(p, 10_000).interpretedSystem()).as("CSR instructions interpreted").isLessThan(100);
    }

    private static int randomFloat(Random random) {
        int rd = random.nextInt(32), rs1 = random.nextInt(32), rs2 = random.nextInt(32), rm = random.nextInt(8);
        for (int r : RESERVED) {
            rd = rd == r ? A3 : rd;
        }
        int kind = random.nextInt(10);
        if (kind == 0) {
            return Asm.i(8 * random.nextInt(16), S0, 2 + random.nextInt(2), rd, 0x07);                // flw, fld
        }
        if (kind == 1) {
            return Asm.s(8 * random.nextInt(16), rs2, S0, 2 + random.nextInt(2), 0x27);              // fsw, fsd
        }
        if (kind == 2) {
            return random.nextInt(32) << 27 | random.nextInt(2) << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7
                    | FUSED[random.nextInt(FUSED.length)];
        }
        int funct5 = OP_FP[random.nextInt(OP_FP.length)], fmt = random.nextInt(8) == 0 ? 2 : random.nextInt(2);
        switch (funct5) {
            case 0x0B, 0x1C, 0x1E -> rs2 = 0;
            case 0x08 -> rs2 = fmt == 1 ? 0 : 1;
            case 0x18, 0x1A -> rs2 &= 3;
            case 0x04, 0x14 -> rm %= 3;
            case 0x05 -> rm &= 1;
            default -> { }
        }
        if (funct5 == 0x1C || funct5 == 0x1E) {
            rm = funct5 == 0x1C ? random.nextInt(2) : 0;
        }
        return Asm.r(funct5 << 2 | fmt, rs2, rs1, rm, rd, 0x53);
    }
}
