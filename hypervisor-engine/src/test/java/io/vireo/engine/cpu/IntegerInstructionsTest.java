package io.vireo.engine.cpu;

import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.TestMachine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

class IntegerInstructionsTest {
    private final TestMachine m = new TestMachine();

    @AfterEach
    void close() {
        m.close();
    }

    private long run(Asm program, int steps, int reg) {
        return m.load(program).step(steps).x(reg);
    }

    @Test
    void immediateArithmeticSignExtendsAndWrapsLikeTheSpec() {
        assertThat(run(new Asm().addi(A0, ZERO, -1), 1, A0)).isEqualTo(-1L);
        assertThat(run(new Asm().addi(A0, ZERO, -1).word(Asm.i(1, A0, 3, A1, 0x13)), 2, A1))
                .as("sltiu: -1 is the largest unsigned value").isEqualTo(0L);
        assertThat(run(new Asm().lui(A0, 0x80000000), 1, A0)).as("lui sign-extends").isEqualTo(0xFFFFFFFF80000000L);
        assertThat(run(new Asm().li(A0, 0x7FFFFFFFL).word(Asm.i(1, A0, 0, A1, 0x1B)), 12, A1))
                .as("addiw wraps to 32 bits and sign-extends").isEqualTo(0xFFFFFFFF80000000L);
    }

    @Test
    void shiftsUseSixBitAmountsAndWordShiftsFiveBits() {
        assertThat(run(new Asm().addi(A0, ZERO, 1).addi(A1, ZERO, 65).word(Asm.r(0, A1, A0, 1, A2, 0x33)), 3, A2))
                .as("sll by 65 shifts by 1").isEqualTo(2L);
        assertThat(run(new Asm().addi(A0, ZERO, -16).word(Asm.i(0x400 | 2, A0, 5, A1, 0x13)), 2, A1))
                .as("srai keeps the sign").isEqualTo(-4L);
        assertThat(run(new Asm().addi(A0, ZERO, -16).word(Asm.i(2, A0, 5, A1, 0x13)), 2, A1))
                .as("srli shifts in zeros").isEqualTo(-16L >>> 2);
        assertThat(run(new Asm().li(A0, 0x80000000L).word(Asm.i(1, A0, 5, A1, 0x1B)), 12, A1))
                .as("srliw works on the low word and sign-extends the result").isEqualTo(0x40000000L);
    }

    @Test
    void multiplyAndDivideFollowTheSpecialCases() {
        Asm divByZero = new Asm().addi(A0, ZERO, 7).word(Asm.r(1, ZERO, A0, 4, A1, 0x33));
        assertThat(run(divByZero, 2, A1)).as("div by zero is -1").isEqualTo(-1L);
        Asm remByZero = new Asm().addi(A0, ZERO, 7).word(Asm.r(1, ZERO, A0, 6, A1, 0x33));
        assertThat(run(remByZero, 2, A1)).as("rem by zero is the dividend").isEqualTo(7L);
        Asm overflow = new Asm().li(A0, Long.MIN_VALUE).addi(A2, ZERO, -1).word(Asm.r(1, A2, A0, 4, A1, 0x33));
        assertThat(run(overflow, 13, A1)).as("MIN / -1 overflows to MIN").isEqualTo(Long.MIN_VALUE);
        Asm mulhu = new Asm().addi(A0, ZERO, -1).addi(A2, ZERO, -1).word(Asm.r(1, A2, A0, 3, A1, 0x33));
        assertThat(run(mulhu, 3, A1)).isEqualTo(-2L);
        Asm mulhsu = new Asm().addi(A0, ZERO, -1).addi(A2, ZERO, -1).word(Asm.r(1, A2, A0, 2, A1, 0x33));
        assertThat(run(mulhsu, 3, A1)).as("-1 * (2^64-1) has high part -1").isEqualTo(-1L);
        Asm divuw = new Asm().addi(A0, ZERO, -2).addi(A2, ZERO, 2).word(Asm.r(1, A2, A0, 5, A1, 0x3B));
        assertThat(run(divuw, 3, A1)).as("divuw 0xFFFFFFFE/2 = 0x7FFFFFFF").isEqualTo(0x7FFFFFFFL);
    }

    @Test
    void loadsSignOrZeroExtendAndStoresWriteLittleEndian() {
        Asm p = new Asm().li(A0, TestMachine.RAM + 0x1000).li(A1, 0x8081828384858687L)
                .sd(A1, A0, 0).lw(A2, A0, 0).lbu(A3, A0, 7).ld(A4, A0, 0);
        m.load(p).step(26);
        assertThat(m.x(A2)).isEqualTo(0xFFFFFFFF84858687L);
        assertThat(m.x(A3)).isEqualTo(0x80L);
        assertThat(m.x(A4)).isEqualTo(0x8081828384858687L);
        assertThat(m.memory.readByte(TestMachine.RAM + 0x1000)).isEqualTo((byte) 0x87);
    }

    @Test
    void misalignedAccessesWithinAndAcrossPagesWork() {
        Asm p = new Asm().li(A0, TestMachine.RAM + 0x1FFD).li(A1, 0x1122334455667788L).sd(A1, A0, 0).ld(A2, A0, 0);
        assertThat(run(p, 24, A2)).isEqualTo(0x1122334455667788L);
    }

    @Test
    void branchesAndJumpsLinkAndLand() {
        Asm p = new Asm()
                .addi(A0, ZERO, 1)          // 0
                .beq(A0, ZERO, 12)          // 4: not taken
                .jal(RA, 12)                // 8: to 20
                .addi(A1, ZERO, 99)         // 12: skipped
                .addi(A1, ZERO, 98)         // 16: skipped
                .addi(A2, ZERO, 5);         // 20
        m.load(p).step(4);
        assertThat(m.x(RA)).isEqualTo(TestMachine.RAM + 12);
        assertThat(m.x(A1)).isZero();
        assertThat(m.x(A2)).isEqualTo(5);
        Asm jalr = new Asm().auipc(A0, 0).jalr(RA, A0, 13).nop().addi(A1, ZERO, 7);
        assertThat(run(jalr, 3, A1)).as("jalr clears bit 0 of the target").isEqualTo(7L);
    }

    @Test
    void writesToX0AreDiscarded() {
        assertThat(run(new Asm().addi(ZERO, ZERO, 5).add(A0, ZERO, ZERO), 2, A0)).isZero();
    }

    @Test
    void compressedInstructionsExpandToTheirBaseForms() {
        Asm p = new Asm()
                .half(0x4515)   // c.li a0, 5
                .half(0x0505)   // c.addi a0, 1
                .half(0x85AA)   // c.mv a1, a0
                .half(0x95AA)   // c.add a1, a0
                .half(0x0586);  // c.slli a1, 1
        m.load(p).step(5);
        assertThat(m.x(A0)).isEqualTo(6);
        assertThat(m.x(A1)).isEqualTo(24);
        assertThat(m.hart.pc()).isEqualTo(TestMachine.RAM + 10);
    }

    @Test
    void selfModifyingCodeIsSeenAfterAStoreToTheDecodedPage() {
        // Runs a loop body once, overwrites its first instruction, then runs it again.
        Asm p = new Asm()
                .auipc(S0, 0)                                  // 0: s0 = base
                .addi(A0, ZERO, 1)                             // 4: patched to addi a0, zero, 2
                .bne(A1, ZERO, 20)                             // 8: second time round: done
                .addi(A1, ZERO, 1)                             // 12
                .lw(T0, S0, 28)                                // 16: the replacement word
                .sw(T0, S0, 4)                                 // 20
                .jal(ZERO, -20)                                // 24: back to 4
                .word(Asm.i(2, ZERO, 0, A0, 0x13));            // 28: data
        m.load(p).step(9);
        assertThat(m.x(A0)).isEqualTo(2);
    }

    @Test
    void codeADeviceWritesIntoRamIsExecutedNotAStaleDecode() {
        // The loop runs "addi a0, a0, 1" until a device (DMA) rewrites it to "addi a0, a0, 100".
        Asm p = new Asm().addi(A0, A0, 1).jal(ZERO, -4);
        m.load(p).step(10);
        assertThat(m.x(A0)).isEqualTo(5);
        m.memory.writeInt(TestMachine.RAM, Asm.i(100, A0, 0, A0, 0x13));
        m.step(2);
        assertThat(m.x(A0)).isEqualTo(105);
    }
}
