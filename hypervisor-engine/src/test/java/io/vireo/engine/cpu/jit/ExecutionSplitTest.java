package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.ExecutionSplit;
import io.vireo.engine.cpu.TrapCause;
import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.TestMachine;
import org.junit.jupiter.api.Test;

import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split of retired instructions between the interpreter and translated regions, and the reasons
 * regions were left, as a benchmark reads them: the tiers add up to what retired, and each exit is counted
 * under the reason the program gives it.
 */
class ExecutionSplitTest {
    private static final int INSTRET = 0xC02, STVEC = 0x105, SEPC = 0x141;

    /** 1 + 100 × 3 instructions: a loop whose every iteration reads instret, a CSR only the interpreter reads. */
    private static Asm csrLoop() {
        return new Asm().addi(A1, ZERO, 100)
                .addi(A0, A0, 1)              // 4
                .csrrs(T0, INSTRET, ZERO)     // 8
                .bne(A0, A1, -8)              // 12
                .jal(ZERO, 0);                // 16: done
    }

    @Test
    void anInterpretingHartCountsEveryInstructionAsInterpreted() {
        try (TestMachine m = new TestMachine()) {
            m.load(csrLoop()).step(301);
            ExecutionSplit split = m.hart.executionSplit();
            assertThat(split.interpreted()).isEqualTo(301);
            assertThat(split.translated()).isZero();
            assertThat(split.regionEntries()).isZero();
            assertThat(split.interpretedSystem()).as("instret reads").isEqualTo(100);
        }
    }

    @Test
    void theTiersAddUpToWhatRetiredAndEachRegionEntryEndsInOneExit() {
        try (TestMachine m = TestMachine.translating()) {
            m.load(csrLoop()).step(301);
            ExecutionSplit split = m.hart.executionSplit();
            assertThat(m.hart.instructionsRetired()).isEqualTo(301);
            assertThat(split.interpreted() + split.translated()).isEqualTo(301);
            assertThat(split.interpretedSystem()).as("the CSR reads stay interpreted").isEqualTo(100);
            assertThat(split.translated()).as("at least every iteration's addi").isGreaterThanOrEqualTo(100);
            assertThat(split.regionExitCount()).isEqualTo(split.regionEntries());
            assertThat(split.regionExits().get(RegionExit.LEFT_REGION)).as("stopped before the CSR read")
                    .isGreaterThanOrEqualTo(99);
        }
    }

    @Test
    void aLongTranslatedLoopIsNotInterpretedWhereItMeetsTheEndOfAnInterpreterChunk() {
        // 300 instructions round, so every 2048-instruction chunk of the interpreter ends inside the loop.
        Asm p = new Asm().li(A1, 1L << 40);
        int loop = p.pc();
        for (int i = 0; i < 299; i++) {
            p.addi(A0 + i % 6, A0 + i % 6, 1);
        }
        p.bne(A0, A1, loop - p.pc()).jal(ZERO, 0);
        try (TestMachine m = TestMachine.translating()) {
            m.load(p).step(100_000);
            ExecutionSplit split = m.hart.executionSplit();
            assertThat(split.interpreted() + split.translated()).isEqualTo(100_000);
            assertThat(split.interpreted()).as("interpreted of 100,000").isLessThan(1_000);
        }
    }

    /** A loop that calls a function of its own page {@code calls} times. */
    private static Asm callLoop(int calls) {
        return new Asm().addi(A1, ZERO, calls)
                .jal(RA, 16)                  // 4: call
                .addi(A0, A0, 1)              // 8: return point
                .bne(A0, A1, -8)              // 12
                .jal(ZERO, 0)                 // 16: done
                .addi(A2, A2, 2)              // 20: the callee
                .jalr(ZERO, RA, 0);           // 24
    }

    @Test
    void returnsToAPointNoRegionCanBeEnteredAtCountAsIndirectExits() {
        // Translated where control first lands, the region holds no return point: it had not run yet.
        try (TestMachine m = TestMachine.translating()) {
            m.load(callLoop(50)).step(1 + 50 * 5);
            ExecutionSplit split = m.hart.executionSplit();
            assertThat(m.x(A0)).isEqualTo(50);
            assertThat(split.interpreted() + split.translated()).isEqualTo(251);
            assertThat(split.regionExits().get(RegionExit.INDIRECT_JUMP)).as("returns").isBetween(49L, 50L);
        }
    }

    @Test
    void aReturnWithinThePageToAnEntryOfTheRegionStaysInsideIt() {
        // The loop's head gets hot first, so its region takes in the callee and the return point, and each
        // return jumps there inside the region.
        Asm p = new Asm()
                .jal(RA, 12)                  // 0: call
                .addi(A0, A0, 1)              // 4: return point
                .bne(A0, A1, -8)              // 8
                .addi(A2, A2, 2)              // 12: the callee
                .jalr(ZERO, RA, 0);           // 16
        try (TestMachine m = TestMachine.translating(4)) {
            m.load(p).step(5 * 1000);
            ExecutionSplit split = m.hart.executionSplit();
            assertThat(m.x(A2)).isEqualTo(2000);
            assertThat(split.regionExits().get(RegionExit.INDIRECT_JUMP)).as("returns that left the region")
                    .isLessThan(20);
        }
    }

    @Test
    void aLoadThatFaultsInsideARegionCountsAsAFaultExit() {
        Asm p = new Asm().auipc(T0, 0).addi(T0, T0, 32).csrrw(ZERO, STVEC, T0)   // handler at 32
                .addi(S1, S1, 1)              // 12: loop
                .ld(T1, ZERO, 0x10)           // 16: no memory there
                .jal(ZERO, -8)                // 20
                .nop().nop()                  // 24, 28
                .csrrs(A1, SEPC, ZERO)        // 32: resume after the load
                .addi(A1, A1, 4).csrrw(ZERO, SEPC, A1).sret();
        try (TestMachine m = TestMachine.translating()) {
            m.load(p).step(3 + 40 * 7);
            ExecutionSplit split = m.hart.executionSplit();
            long faults = m.hart.trapCount(TrapCause.LOAD_ACCESS_FAULT);
            assertThat(faults).isGreaterThan(30);
            assertThat(split.regionExits().get(RegionExit.FAULT)).as("all but the first fault are in a region")
                    .isBetween(faults - 1, faults);
            assertThat(split.interpreted() + split.translated()).isEqualTo(m.hart.instructionsRetired());
        }
    }
}
