package io.vireo.engine.cpu.jit;

import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.TestMachine;
import org.junit.jupiter.api.Test;

import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Dropping the decodes and translations of code a machine no longer runs does not change what the guest computes. */
class IdleCodeEvictionTest {
    /** What the machine does every sweep period: drop what no hart entered, then have the hart refetch. */
    private static void sweep(TestMachine m) {
        if (m.code.evictIdle(m.translations::evict) > 0) {
            m.hart.requestFenceI();
        }
    }

    @Test
    void aLoopWhosePageIsEvictedWhileItRunsGoesOnAsTheInterpreterDoes() {
        // A call from page 0 into page 1 and back, and a loop that stays inside page 0 for a while.
        Asm p = new Asm().addi(S1, ZERO, 0).addi(S2, ZERO, 1000)
                .jal(RA, 0x1000 - 8)           // 8: call func at 0x1000
                .addi(S1, S1, 1)               // 12
                .addi(A1, A1, 3)
                .bne(S1, S2, -12)              // 20: back to the call
                .jal(ZERO, 0);                 // 24: done
        while (p.pc() < 0x1000) {
            p.nop();
        }
        p.addi(A0, A0, 7).jalr(ZERO, RA, 0);
        try (TestMachine interpreted = new TestMachine(); TestMachine swept = TestMachine.translating(4)) {
            interpreted.load(p);
            swept.load(p);
            for (int n : new int[] {50, 300, 1, 2000, 7, 6000}) {
                interpreted.step(n);
                swept.step(n);
                sweep(swept);
                sweep(swept);
                assertThat(swept.x(A0)).isEqualTo(interpreted.x(A0));
                assertThat(swept.x(A1)).isEqualTo(interpreted.x(A1));
                assertThat(swept.x(S1)).isEqualTo(interpreted.x(S1));
                assertThat(swept.hart.pc()).isEqualTo(interpreted.hart.pc());
                assertThat(swept.hart.instructionsRetired()).isEqualTo(interpreted.hart.instructionsRetired());
            }
            assertThat(swept.x(A0)).as("the loop ran to the end").isEqualTo(7000);
        }
    }

    @Test
    void codeADeviceRewritesAfterItsPageWasEvictedUnderTheRunningHartIsRunNotItsTranslation() {
        Asm p = new Asm().addi(A0, A0, 1).jal(ZERO, -4);
        try (TestMachine m = TestMachine.translating()) {
            m.load(p).step(10);
            assertThat(m.x(A0)).isEqualTo(5);
            sweep(m);
            sweep(m);
            m.step(2);
            m.memory.writeInt(TestMachine.RAM, Asm.i(100, A0, 0, A0, 0x13));
            m.step(2);
            assertThat(m.x(A0)).isEqualTo(106);
        }
    }
}
