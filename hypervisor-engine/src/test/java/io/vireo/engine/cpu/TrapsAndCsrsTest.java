package io.vireo.engine.cpu;

import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.TestMachine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

class TrapsAndCsrsTest {
    private static final int SSTATUS = 0x100, SIE = 0x104, STVEC = 0x105, SCOUNTEREN = 0x106, SEPC = 0x141,
            SCAUSE = 0x142, STVAL = 0x143, SIP = 0x144, STIMECMP = 0x14D, SATP = 0x180, TIME = 0xC01, FCSR = 0x003;
    private static final long HANDLER = TestMachine.RAM + 0x800;

    private final TestMachine m = new TestMachine();

    @AfterEach
    void close() {
        m.close();
    }

    /** stvec = HANDLER; then the program; the handler records scause/sepc/stval in a0..a2 and parks in a loop. */
    private Asm withHandler() {
        return new Asm().li(T0, HANDLER).csrrw(ZERO, STVEC, T0);
    }

    private void installHandler() {
        Asm h = new Asm().csrrs(A0, SCAUSE, ZERO).csrrs(A1, SEPC, ZERO).csrrs(A2, STVAL, ZERO).jal(ZERO, 0);
        m.memory.write(HANDLER, h.bytes(), 0, h.bytes().length);
    }

    /** Runs the program with the handler installed; answers the scause it recorded (0: nothing trapped). */
    private long causeAfter(Asm program, int steps) {
        m.load(program);
        installHandler();
        m.step(steps);
        return m.x(A0);
    }

    /** Drops to U-mode via sret; the user code is what the caller appends next (16 instructions on). */
    private Asm enterUser(Asm p) {
        return p.auipc(T1, 0).addi(T1, T1, 16 * 4).csrrw(ZERO, SEPC, T1)
                .li(T2, 1L << 8).csrrc(ZERO, SSTATUS, T2)   // SPP = U
                .sret();
    }

    @Test
    void aSavedStateHoldsTheInstructionsRetiredAfterACsrReadMidChunk() {
        m.load(new Asm().addi(A0, A0, 1).addi(A0, A0, 1).addi(A0, A0, 1).csrrs(T0, TIME, ZERO)
                .addi(A0, A0, 1).addi(A0, A0, 1)).step(6);
        assertThat(m.hart.instructionsRetired()).isEqualTo(6);
        assertThat(m.hart.state().csrs()[HartState.Field.INSTRET.ordinal()]).as("instret in the saved state").isEqualTo(6);
    }

    @Test
    void illegalInstructionTrapsToStvecWithTheInstructionInStval() {
        Asm p = withHandler().word(0xFFFFFFFF);
        assertThat(causeAfter(p, 20)).isEqualTo(2);
        assertThat(m.x(A1)).isEqualTo(TestMachine.RAM + 48);
        assertThat(m.x(A2)).isEqualTo(0xFFFFFFFFL);
        assertThat(m.hart.trapCount(TrapCause.ILLEGAL_INSTRUCTION)).isEqualTo(1);
    }

    @Test
    void ecallFromUserModeTrapsToSupervisorAndEcallFromSupervisorReachesTheFirmware() {
        Asm q = enterUser(withHandler());
        int userAt = q.pc();
        q.ecall();
        assertThat(causeAfter(q, 40)).as("scause").isEqualTo(8);
        assertThat(m.x(A1)).as("sepc").isEqualTo(TestMachine.RAM + userAt);
        assertThat(m.hart.privilege()).isEqualTo(1);

        m.load(new Asm().addi(A7, ZERO, 0x10).ecall().addi(A3, ZERO, 1));
        m.step(3);
        assertThat(m.ecalls).contains(0x10L);
        assertThat(m.x(A3)).as("execution continues after the SBI call").isEqualTo(1);
    }

    @Test
    void userModeCannotTouchSupervisorCsrsNorReadTimeWithoutScounteren() {
        Asm q = withHandler();
        enterUser(q);
        q.csrrs(A5, SSTATUS, ZERO);
        assertThat(causeAfter(q, 40)).isEqualTo(2);

        Asm t = withHandler();
        enterUser(t);
        t.csrrs(A5, TIME, ZERO);
        assertThat(causeAfter(t, 40)).as("rdtime in U-mode with scounteren.TM clear").isEqualTo(2);

        Asm allowed = withHandler().csrrsi(ZERO, SCOUNTEREN, 2);
        enterUser(allowed);
        allowed.csrrs(A5, TIME, ZERO).jal(ZERO, 0);
        assertThat(causeAfter(allowed, 40)).as("no trap once scounteren.TM is set").isZero();
    }

    @Test
    void writingAReadOnlyCsrIsIllegal() {
        Asm p = withHandler().csrrw(ZERO, TIME, A0);
        assertThat(causeAfter(p, 20)).isEqualTo(2);
    }

    @Test
    void floatingPointIsIllegalWhileSstatusFsIsOff() {
        Asm p = withHandler().csrrs(A5, FCSR, ZERO);
        assertThat(causeAfter(p, 20)).isEqualTo(2);

        Asm on = new Asm().li(T0, 1L << 13).csrrs(ZERO, SSTATUS, T0).csrrs(A5, FCSR, ZERO).csrrs(A4, SSTATUS, ZERO);
        m.load(on).step(14);
        assertThat(m.x(A4) >>> 13 & 3).as("FS initial").isEqualTo(1);
    }

    @Test
    void timerInterruptArrivesOnceStimecmpPassesAndOnlyWhenEnabled() {
        Asm p = withHandler()
                .csrrs(T0, TIME, ZERO).csrrw(ZERO, STIMECMP, T0)    // due now
                .li(T1, 1L << 5).csrrs(ZERO, SIE, T1)                // STIE
                .addi(A3, ZERO, 1)                                   // still runs: SIE global off
                .csrrsi(ZERO, SSTATUS, 2)                            // SIE on: interrupt taken here
                .addi(A4, ZERO, 1);
        long cause = causeAfter(p, 40);
        assertThat(m.x(A3)).isEqualTo(1);
        assertThat(m.x(A4)).as("the instruction after enabling is interrupted first").isZero();
        assertThat(cause).isEqualTo((1L << 63) | 5);
        assertThat(m.hart.trapCount(TrapCause.SUPERVISOR_TIMER_INTERRUPT)).isEqualTo(1);
    }

    @Test
    void wfiParksUntilAnInterruptIsPendingAndAnIpiWakesIt() {
        Asm p = withHandler().li(T1, 1L << 1).csrrs(ZERO, SIE, T1).wfi().addi(A3, ZERO, 1);
        m.load(p);
        installHandler();
        assertThat(m.hart.run(1000)).isEqualTo(Hart.StopReason.WAITING_FOR_INTERRUPT);
        m.hart.raiseSoftwareInterrupt();
        m.hart.run(1);
        assertThat(m.x(A3)).as("resumes after WFI with the interrupt still masked by sstatus.SIE").isEqualTo(1);
    }

    @Test
    void sipOnlyLetsSupervisorSoftwareTheSsipBit() {
        Asm p = new Asm().addi(T0, ZERO, -1).csrrw(ZERO, SIP, T0).csrrs(A0, SIP, ZERO)
                .csrrc(ZERO, SIP, T0).csrrs(A1, SIP, ZERO);
        m.load(p).step(5);
        assertThat(m.x(A0)).isEqualTo(2);
        assertThat(m.x(A1)).isZero();
    }

    @Test
    void satpIgnoresUnsupportedModesSoTheKernelCanProbe() {
        Asm p = new Asm().li(T0, 10L << 60).csrrw(ZERO, SATP, T0).csrrs(A0, SATP, ZERO);
        m.load(p).step(13);
        assertThat(m.x(A0)).as("Sv57 is not implemented: the write is ignored").isZero();
    }
}
