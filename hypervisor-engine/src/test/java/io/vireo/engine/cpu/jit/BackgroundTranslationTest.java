package io.vireo.engine.cpu.jit;

import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.Await;
import io.vireo.engine.testing.TestMachine;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translation on the translator thread, as VMs do it: the hart interprets on while its hot code is being
 * translated, then enters the regions, and reaches the interpreter's state all along, also when a device
 * rewrites the code while it may be in translation.
 */
class BackgroundTranslationTest {
    private static final long DATA = TestMachine.RAM + 0x4000;

    @Test
    void aHartInterpretsOnUntilItsRegionsAreThereAndThenRunsThemToTheInterpretersState() throws Exception {
        Asm p = new Asm().li(S0, DATA)
                .addi(A0, A0, 1)                  // loop
                .xor(A1, A1, A0).slli(A2, A1, 3).add(A3, A3, A2)
                .sd(A3, S0, 0).ld(A4, S0, 0).add(A5, A5, A4)
                .jal(ZERO, -4 * 7);
        try (TestMachine interpreted = new TestMachine(); TestMachine background = TestMachine.translatingInBackground(2)) {
            interpreted.load(p);
            background.load(p);
            Await.until(() -> {
                interpreted.step(997);
                background.step(997);
                assertSameState(interpreted, background);
                return background.hart.executionSplit().translated() > 10_000;
            }, Duration.ofSeconds(30), () -> "translated: " + background.hart.executionSplit());
            // A device rewrites the loop's first instruction (addi a0, a0, 1 becomes addi a0, a0, 100).
            long loop = TestMachine.RAM + 4L * 11;
            for (TestMachine m : new TestMachine[] {interpreted, background}) {
                m.memory.writeInt(loop, Asm.i(100, A0, 0, A0, 0x13));
            }
            long before = background.x(A0);
            for (int round = 0; round < 50; round++) {
                interpreted.step(61);
                background.step(61);
                assertSameState(interpreted, background);
            }
            assertThat(background.x(A0) - before).as("the new increment ran").isGreaterThan(100L * 100);
        }
    }

    private static void assertSameState(TestMachine expected, TestMachine actual) {
        for (int r = 0; r < 32; r++) {
            assertThat(actual.x(r)).as("x%d", r).isEqualTo(expected.x(r));
        }
        assertThat(actual.hart.pc()).isEqualTo(expected.hart.pc());
        assertThat(actual.hart.instructionsRetired()).isEqualTo(expected.hart.instructionsRetired());
    }
}
