package io.vireo.engine.cpu;

import io.vireo.engine.mmu.Mmu;
import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.TestMachine;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

class AtomicInstructionsTest {
    private static final long DATA = TestMachine.RAM + 0x4000;

    private static int amo(int f5, int f3, int rd, int rs1, int rs2) {
        return Asm.r(f5 << 2, rs2, rs1, f3, rd, 0x2F);
    }

    @Test
    void amosReturnTheOldValueAndStoreTheResult() {
        try (TestMachine m = new TestMachine()) {
            Asm p = new Asm().li(A0, DATA).addi(A1, ZERO, 5).sd(A1, A0, 0).addi(A2, ZERO, -3)
                    .word(amo(0b00000, 3, A3, A0, A2))     // amoadd.d a3, a2, (a0)
                    .word(amo(0b11100, 3, A4, A0, A2))     // amomaxu.d a4, a2, (a0): -3 is the largest unsigned
                    .word(amo(0b10000, 2, A5, A0, ZERO));  // amomin.w a5, zero, (a0)
            m.load(p).step(17);
            assertThat(m.x(A3)).isEqualTo(5);
            assertThat(m.x(A4)).isEqualTo(2);
            assertThat(m.x(A5)).as("low word of -3, sign-extended").isEqualTo(-3);
            assertThat(m.memory.readLong(DATA)).isEqualTo(-3L);
        }
    }

    @Test
    void storeConditionalSucceedsOnlyAfterAMatchingLoadReserved() {
        try (TestMachine m = new TestMachine()) {
            Asm p = new Asm().li(A0, DATA).addi(A1, ZERO, 7)
                    .word(amo(0b00011, 3, A2, A0, A1))      // sc.d without reservation: fails
                    .word(amo(0b00010, 3, A3, A0, ZERO))    // lr.d
                    .word(amo(0b00011, 3, A4, A0, A1));     // sc.d: succeeds
            m.load(p).step(15);
            assertThat(m.x(A2)).isEqualTo(1);
            assertThat(m.x(A4)).isZero();
            assertThat(m.memory.readLong(DATA)).isEqualTo(7);
        }
    }

    @Test
    void misalignedAmoRaisesAnAddressMisalignedTrap() {
        try (TestMachine m = new TestMachine()) {
            Asm p = new Asm().li(A0, DATA + 4).word(amo(0b00000, 3, A3, A0, A0));
            m.load(p).step(11);
            m.hart.run(1);
            assertThat(m.hart.trapCount(TrapCause.STORE_MISALIGNED)).isEqualTo(1);
        }
    }

    @Test
    void amoAddIsAtomicAcrossHartsRunningInParallel() throws Exception {
        try (TestMachine m = new TestMachine()) {
            // Each hart adds 1 to the shared counter 100000 times: loop: amoadd.w; addi t0,-1; bnez t0, loop.
            Asm p = new Asm().li(A0, DATA).li(T0, 100_000).addi(A1, ZERO, 1)
                    .word(amo(0b00000, 2, ZERO, A0, A1)).addi(T0, T0, -1).bne(T0, ZERO, -8).jal(ZERO, 0);
            m.load(p);
            Hart second = new Hart(1, new Mmu(m.bus, m.code), new GuestClock(), h -> { });
            second.reset(TestMachine.RAM, 1, 0);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> a = pool.submit(() -> m.hart.run(400_000));
                Future<?> b = pool.submit(() -> second.run(400_000));
                a.get();
                b.get();
            } finally {
                pool.shutdown();
            }
            assertThat(m.memory.readInt(DATA)).isEqualTo(200_000);
        }
    }
}
