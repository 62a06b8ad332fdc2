package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.TrapCause;
import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.TestMachine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntBinaryOperator;
import java.util.function.ObjIntConsumer;

import static io.vireo.engine.cpu.jit.AgainstInterpreter.*;
import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Translated regions of integer code against the interpreter, the correctness baseline ({@link AgainstInterpreter}). */
class TranslatedRegionsTest {
    private static final int SSTATUS = 0x100, SIE = 0x104, SIP = 0x144, STVEC = 0x105, SCAUSE = 0x142;
    private static final int S2 = 18, S3 = 19, S4 = 20, S11 = 27, T3 = 28, T4 = 29, T5 = 30;

    @Test
    void aLoopOfIntegerMultiplyAndMemoryOperationsEndsWhereTheInterpreterDoes() {
        Asm p = new Asm().li(S0, DATA).li(A0, 0x0123456789ABCDEFL).addi(A1, ZERO, 40).addi(A2, ZERO, -7)
                // loop: 20 instructions, back to here
                .add(A3, A0, A2).sub(A4, A3, A1).word(Asm.r(1, A2, A0, 0, A5, 0x33))      // mul
                .word(Asm.r(1, A2, A0, 1, A6, 0x33)).word(Asm.r(1, A2, A0, 2, A7, 0x33))   // mulh, mulhsu
                .word(Asm.r(1, A1, A0, 4, T1, 0x33)).word(Asm.r(1, A1, A0, 7, T2, 0x33))   // div, remu
                .word(Asm.r(1, ZERO, A0, 5, T3, 0x3B)).word(Asm.r(0x20, A1, A0, 5, T4, 0x3B)) // divuw by 0, sraw
                .word(Asm.i(13, A0, 1, T5, 0x1B)).word(Asm.r(0, A2, A0, 3, T6, 0x33))     // slliw, sltu
                .sd(A5, S0, 0).sw(A6, S0, 12).sb(A2, S0, 21)
                .lw(S1, S0, 0).lbu(S2, S0, 21).ld(S3, S0, 8)
                .word(Asm.i(0x400 | 3, A0, 5, A0, 0x13))                                 // srai a0, a0, 3
                .addi(A1, A1, -1)
                .bne(A1, ZERO, -4 * 19)
                .jal(RA, 8).nop()
                .auipc(S4, 0).jalr(ZERO, RA, 0);
        State end = assertSameAsInterpreter(p, 3, 17, 1, 100, 333, 1000, 2);
        assertThat(end.registers().get(A1)).as("the loop ran to the end").isZero();
    }

    @Test
    void callsAndReturnsWithinOnePageGoThroughTheRegionsReturnPoint() {
        Asm p = new Asm().addi(S1, ZERO, 0).addi(S2, ZERO, 50)
                .jal(RA, 16)                  // 8: call func
                .addi(S1, S1, 1)              // 12: the return point
                .bne(S1, S2, -8)
                .jal(ZERO, 0)                 // 20: done
                .addi(A0, A0, 3)              // 24: func
                .slli(A1, A0, 2)
                .jalr(ZERO, RA, 0);
        State end = assertSameAsInterpreter(p, 1, 2, 9, 30, 5, 100, 7, 1000);
        assertThat(end.registers().get(A0)).isEqualTo(150L);
    }

    /**
     * Calls through JALR to random points of a straight run, in this page or the next: returns to this page
     * and calls landing on an entry go on inside the region, anything else leaves it, and points that get
     * hot later make the page's region grow around them. Between step counts the run is rewritten the way
     * another hart would (a store, then a remote FENCE.I), and a software interrupt arrives.
     */
    @Test
    void indirectJumpsWithinThePageLandWhereTheInterpreterDoesWhileTheCodeChangesAndInterruptsArrive() {
        int run = 0x200;
        Asm p = new Asm().auipc(S0, 0).li(A5, 0x2545F4914F6CDD1DL)
                .li(T0, HANDLER).csrrw(ZERO, STVEC, T0).csrrsi(ZERO, SIE, 2).csrrsi(ZERO, SSTATUS, 2);
        int loop = p.pc();
        p.xorshift(A5, T6)
                .andi(T1, A5, 0x1C).andi(T2, A5, 0x20).slli(T2, T2, 7).add(T1, T1, T2).add(T1, T1, S0)
                .jalr(RA, T1, run)                                  // into one of the runs below
                .addi(S1, S1, 1)
                .jal(ZERO, loop - p.pc());
        while (p.pc() < run) {
            p.nop();
        }
        for (int i = 0; i < 8; i++) {
            p.addi(A0, A0, 1 + i);
        }
        p.jalr(ZERO, RA, 0);
        while (p.pc() < 0x1000 + run) {
            p.nop();
        }
        for (int i = 0; i < 8; i++) {
            p.addi(A1, A1, 1 + i);
        }
        p.jalr(ZERO, RA, 0);
        while (p.pc() < HANDLER - TestMachine.RAM) {
            p.nop();
        }
        // Counts the interrupt, clears it and resumes where it came.
        p.csrrs(A2, SCAUSE, ZERO).csrrci(ZERO, SIP, 2).addi(S2, S2, 1).sret();
        State end = assertSameAsInterpreter(p, (m, round) -> {
            m.memory.writeInt(TestMachine.RAM + run + 4L * (round % 8), Asm.i(100 + round, A0, 0, A0, 0x13));
            m.hart.requestFenceI();
            m.hart.raiseSoftwareInterrupt();
        }, 200, 1, 3000, 17, 5000, 2, 999, 64, 4000, 1, 1, 3, 10_000, 7, 2500);
        assertThat(end.registers().get(S1)).as("calls returned").isGreaterThan(1000L);
        assertThat(end.registers().get(S2)).as("interrupts taken").isGreaterThan(5L);
    }

    @Test
    void aCalleeRewrittenByAStoreRunsTheNewInstructionAfterFenceI() {
        Asm p = new Asm()
                .auipc(S0, 0)                                  // 0: s0 = base
                .addi(T1, ZERO, 3)                             // 4
                .jal(RA, 28)                                   // 8: call f
                .addi(A1, A1, 1)                               // 12
                .bne(A1, T1, -8)                               // 16: three calls, then patch
                .lw(T0, S0, 48)                                // 20: the replacement word
                .sw(T0, S0, 36)                                // 24
                .fenceI()                                      // 28
                .jal(ZERO, -24)                                // 32: back to the call, for ever
                .addi(A0, A0, 1)                               // 36: f, patched to addi a0, a0, 100
                .jalr(ZERO, RA, 0)                             // 40
                .nop()                                         // 44
                .word(Asm.i(100, A0, 0, A0, 0x13));            // 48: data
        State end = assertSameAsInterpreter(p, 12, 1, 4, 3, 2, 50, 7, 400);
        assertThat(end.registers().get(A0)).as("three old increments, then only new ones").isGreaterThan(100L);
        assertThat(end.registers().get(A0) % 100).isEqualTo(3L);
    }

    @Test
    void aLoopAcrossAPageBoundaryAndAnInstructionStraddlingItEndsWhereTheInterpreterDoes() {
        int straddling = Asm.i(2, A1, 0, A1, 0x13);                          // addi a1, a1, 2
        Asm p = new Asm().addi(A0, ZERO, 0);
        while (p.pc() < 0xFF8) {
            p.nop();
        }
        p.addi(A0, A0, 1)                                                    // 0xFF8
                .half(0x0001)                                                // 0xFFC: c.nop
                .half(straddling & 0xFFFF).half(straddling >>> 16)           // 0xFFE: across the boundary
                .addi(A2, A2, 3)                                             // 0x1002
                .add(A3, A0, A1)
                .jal(ZERO, -(0x100A - 0xFF8));
        State end = assertSameAsInterpreter(p, 1020, 3, 50, 7, 2000, 1, 500);
        assertThat(end.registers().get(A0)).as("times round the loop").isGreaterThan(300L);
    }

    @Test
    void aPageOfTheLargestInstructionsStillCompilesToAMethodHotSpotCompiles() {
        int[][] pages = {
            {Asm.b(8, A1, A0, 1)},                                   // bne a0, a1, +8 everywhere
            {Asm.s(0, A0, S0, 3, 0x23)},                             // sd a0, 0(s0) everywhere
            {Asm.i(8, S0, 3, A0, 0x03), Asm.b(-4, A1, A0, 0), Asm.s(16, A1, S0, 2, 0x23)},
        };
        for (int[] pattern : pages) {
            java.nio.ByteBuffer page = java.nio.ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; page.hasRemaining(); i++) {
                page.putInt(pattern[i % pattern.length]);
            }
            Region region = RegionFinder.find(java.lang.foreign.MemorySegment.ofArray(page.array()), 0, 0, offset -> true);
            assertThat(region.instructionCount()).as("instructions taken in").isGreaterThan(100);
            assertThat(new RegionCompiler().compile(region)).as("compiled under HotSpot's method size limit").isNotNull();
        }
    }

    @Test
    void everyBranchKindTakesTheSameWay() {
        Asm p = new Asm().addi(A0, ZERO, -3).addi(A1, ZERO, 5).addi(A2, ZERO, 0)
                .word(Asm.b(8, A1, A0, 4)).addi(A2, A2, 1)        // blt taken
                .word(Asm.b(8, A1, A0, 5)).addi(A2, A2, 2)        // bge not taken
                .word(Asm.b(8, A1, A0, 6)).addi(A2, A2, 4)        // bltu not taken (-3 is huge)
                .word(Asm.b(8, A1, A0, 7)).addi(A2, A2, 8)        // bgeu taken
                .beq(A0, A0, 8).addi(A2, A2, 16)                  // beq taken
                .bne(A0, A0, 8).addi(A2, A2, 32)                  // bne not taken
                .jal(ZERO, -4 * 15);
        assertSameAsInterpreter(p, 5, 50, 500, 5000);
    }

    @Test
    void aFaultInTheMiddleOfABlockIsPreciseAndCounted() {
        // A branch that is not taken and one taken every other time share the block with the faulting load.
        Asm body = new Asm().addi(T1, ZERO, 3)
                .addi(S1, S1, 1).beq(S1, ZERO, 8).addi(T2, T1, 4)
                .word(Asm.i(1, S1, 7, T5, 0x13)).bne(T5, ZERO, 12)   // andi t5, s1, 1
                .ld(T3, ZERO, 0x10).addi(T4, ZERO, 9)                 // the load faults
                .jal(ZERO, -28);
        Asm p = withHandler(body);
        State end = assertSameAsInterpreter(p, 16, 1, 1, 1, 1, 3, 50, 7, 11, 13, 500);
        assertThat(end.registers().get(A0)).as("scause").isEqualTo(TrapCause.LOAD_ACCESS_FAULT.scause());
        assertThat(end.registers().get(A2)).as("stval").isEqualTo(0x10L);
        assertThat(end.registers().get(S2)).as("faults taken").isGreaterThan(10L);
        assertThat(end.traps().get(TrapCause.LOAD_ACCESS_FAULT.ordinal())).isBetween(end.registers().get(S2), end.registers().get(S2) + 1);
    }

    @Test
    void aStoreThatFaultsLeavesMemoryAndLaterRegistersAlone() {
        Asm body = new Asm().li(S0, DATA).addi(T1, ZERO, 1)
                .sd(T1, S0, 0).sw(T1, ZERO, 0x20).sd(T1, S0, 8).addi(T2, ZERO, 1).jal(ZERO, -16);
        State end = assertSameAsInterpreter(withHandler(body), 30, 7, 40, 1, 1, 1, 1, 1, 100);
        assertThat(end.data().get(0)).isEqualTo(1L);
        assertThat(end.registers().get(S2)).as("faults taken").isGreaterThan(5L);
    }

    @Test
    void codeRewrittenByAStoreRunsTheNewInstructionNotAStaleBlock() {
        Asm p = new Asm()
                .auipc(S0, 0)                                  // 0: s0 = base
                .addi(A0, A0, 1)                               // 4: patched to addi a0, a0, 100
                .addi(A1, A1, 1)                               // 8
                .addi(T1, ZERO, 3)                             // 12
                .bne(A1, T1, -12)                              // 16: three times round, then patch
                .lw(T0, S0, 36)                                // 20: the replacement word
                .sw(T0, S0, 4)                                 // 24
                .fenceI()                                      // 28
                .jal(ZERO, -28)                                // 32: back to 4
                .word(Asm.i(100, A0, 0, A0, 0x13));            // 36: data
        State end = assertSameAsInterpreter(p, 12, 1, 4, 3, 2);
        assertThat(end.registers().get(A0)).as("three old increments, then only new ones").isGreaterThan(100L);
        assertThat(end.registers().get(A0) % 100).isEqualTo(3L);
    }

    @Test
    void codeADeviceWritesIsRunInsteadOfItsTranslation() {
        Asm p = new Asm().addi(A0, A0, 1).jal(ZERO, -4);
        try (TestMachine m = TestMachine.translating()) {
            m.load(p).step(10);
            assertThat(m.x(A0)).isEqualTo(5);
            m.memory.writeInt(TestMachine.RAM, Asm.i(100, A0, 0, A0, 0x13));
            m.step(2);
            assertThat(m.x(A0)).isEqualTo(105);
        }
    }

    @Test
    void aStartThatCouldNotBeTranslatedIsTranslatedOnceItsCodeIsRewritten() {
        int instret = 0xC02;
        Asm p = new Asm().csrrs(A1, instret, ZERO).addi(A2, A2, 1).jal(ZERO, -8);
        try (TestMachine m = TestMachine.translating()) {
            m.load(p).step(3000);
            assertThat(m.hart.executionSplit().translated()).as("an instret read starts no region").isLessThan(10);

            m.memory.writeInt(TestMachine.RAM, Asm.i(1, A0, 0, A0, 0x13));
            m.step(3000);
            assertThat(m.hart.executionSplit().translated()).as("the rewritten loop runs translated").isGreaterThan(2000);
            assertThat(m.x(A0)).isEqualTo(1000);
        }
    }

    @Test
    void randomStraightLineIntegerCodeComputesWhatTheInterpreterComputes() {
        Random random = new Random(20261201);
        int[][] ops = {
            {0, 0x33}, {0x20, 0x33}, {1, 0x33}, {0, 0x3B}, {0x20, 0x3B}, {1, 0x3B}, // OP / OP-32 with funct7
        };
        for (int round = 0; round < 20; round++) {
            Asm p = new Asm();
            for (int r = 1; r < 32; r++) {
                p.li(r, random.nextLong());
            }
            for (int i = 0; i < 200; i++) {
                int rd = 1 + random.nextInt(31), rs1 = random.nextInt(32), rs2 = random.nextInt(32);
                int f3 = random.nextInt(8);
                int[] op = ops[random.nextInt(ops.length)];
                boolean word = op[1] == 0x3B;
                if (word && op[0] == 0 && f3 != 0 && f3 != 1 && f3 != 5) {
                    f3 = 1;
                }
                if (word && op[0] == 0x20 && f3 != 0 && f3 != 5) {
                    f3 = 5;
                }
                if (word && op[0] == 1 && f3 > 0 && f3 < 4) {
                    f3 = 0;
                }
                if (!word && op[0] == 0x20 && f3 != 0 && f3 != 5) {
                    f3 = 0;
                }
                if (random.nextInt(4) == 0) {
                    int immF3 = new int[] {0, 2, 3, 4, 6, 7}[random.nextInt(6)];
                    p.word(Asm.i(random.nextInt(4096) - 2048, rs1, immF3, rd, 0x13));
                } else {
                    p.word(Asm.r(op[0], rs2, rs1, f3, rd, op[1]));
                }
            }
            p.jal(ZERO, 0);
            assertSameAsInterpreter(p, 31 * 12, 1, 64, 7, 200);
        }
    }

    @Test
    void everyIntegerLoadAndStoreOperationComputesWhatTheInterpreterComputes() {
        // Every encoding the translator takes, so a region never calls a different Alu or LoadStore method
        // than the interpreter's switch does for the same operation. An operation is made from rd and its
        // sources: rs1 in the low five bits, rs2 in the next five.
        List<IntBinaryOperator> operations = new ArrayList<>();
        Random random = new Random(20261206);
        int[][] registerForms = {
            {0, 0x33, 0, 1, 2, 3, 4, 5, 6, 7}, {0x20, 0x33, 0, 5}, {1, 0x33, 0, 1, 2, 3, 4, 5, 6, 7},
            {0, 0x3B, 0, 1, 5}, {0x20, 0x3B, 0, 5}, {1, 0x3B, 0, 4, 5, 6, 7},
        };
        for (int[] form : registerForms) {
            for (int f = 2; f < form.length; f++) {
                int f3 = form[f];
                operations.add((rd, sources) -> Asm.r(form[0], sources >>> 5, sources & 31, f3, rd, form[1]));
            }
        }
        for (int f3 : new int[] {0, 2, 3, 4, 6, 7}) {
            operations.add((rd, sources) -> Asm.i(random.nextInt(4096) - 2048, sources & 31, f3, rd, 0x13));
        }
        operations.add((rd, sources) -> Asm.i(random.nextInt(64), sources & 31, 1, rd, 0x13));             // slli
        operations.add((rd, sources) -> Asm.i(random.nextInt(64), sources & 31, 5, rd, 0x13));             // srli
        operations.add((rd, sources) -> Asm.i(0x400 | random.nextInt(64), sources & 31, 5, rd, 0x13));    // srai
        operations.add((rd, sources) -> Asm.i(random.nextInt(4096) - 2048, sources & 31, 0, rd, 0x1B));    // addiw
        operations.add((rd, sources) -> Asm.i(random.nextInt(32), sources & 31, 1, rd, 0x1B));             // slliw
        operations.add((rd, sources) -> Asm.i(random.nextInt(32), sources & 31, 5, rd, 0x1B));             // srliw
        operations.add((rd, sources) -> Asm.i(0x400 | random.nextInt(32), sources & 31, 5, rd, 0x1B));    // sraiw
        operations.add((rd, sources) -> Asm.u(random.nextInt() & 0xFFFFF000, rd, 0x37));               // lui
        operations.add((rd, sources) -> Asm.u(random.nextInt() & 0xFFFFF000, rd, 0x17));               // auipc
        int checksum = S11;
        for (int round = 0; round < 4; round++) {
            Asm p = new Asm();
            for (int r = 1; r < 32; r++) {
                p.li(r, r == S0 ? DATA : random.nextLong());
            }
            // A loop whose every result is added into the checksum register, so a value a region got wrong
            // stays visible after the interpreter ran the rest of an iteration.
            int loop = p.pc();
            for (int i = 0; i < 2 * operations.size(); i++) {
                int rd = 1 + random.nextInt(31);
                rd = rd == S0 || rd == checksum ? T0 : rd;
                p.word(operations.get(i % operations.size()).applyAsInt(rd, random.nextInt(1024)));
                p.add(checksum, checksum, rd);
            }
            for (int d = 0; d < 16; d++) {
                p.sd(1 + random.nextInt(31), S0, 8 * d);
            }
            int[] storeOffsets = {3, 18, 36, 48};
            for (int f3 = 0; f3 < 4; f3++) {                                                   // sb, sh, sw, sd
                p.word(Asm.s(storeOffsets[f3], 1 + random.nextInt(31), S0, f3, 0x23));
            }
            for (int i = 0; i < 2 * 7; i++) {                                                  // lb .. lwu
                int f3 = i % 7, width = 1 << (f3 & 3);
                p.word(Asm.i(width * random.nextInt(128 / width), S0, f3, T1, 0x03));
                p.add(checksum, checksum, T1);
            }
            p.jal(ZERO, loop - p.pc());
            assertSameAsInterpreter(p, 31 * 9, 1000, 1, 60, 7, 3000);
        }
    }
}
