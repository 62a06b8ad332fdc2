package io.vireo.engine.vm;

import io.vireo.engine.cpu.TrapCause;
import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.Await;
import io.vireo.engine.testing.BareKernel;
import io.vireo.engine.testing.SerialTranscript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Guests that point loads, stores and the MMU at addresses outside RAM and devices, or trap forever. */
class HostileGuestTest {
    private static final long RAM = 0x8000_0000L, MEMORY = 64L << 20;
    private static final long HANDLER = BareKernel.LOAD_ADDRESS + 0x800;
    private static final long PAGE_TABLE = 0x8040_0000L;
    private static final long UART = 0x1000_0000L;

    @TempDir
    Path dir;

    /** Eight wild accesses, each of which must come back to the guest as a fault its handler counts. */
    private static Asm wildAccesses() {
        Asm p = new Asm().li(S1, 0).li(T0, HANDLER).csrrw(ZERO, 0x105, T0);
        for (long address : new long[] {0, 0x4000_0000L, -8L, UART + 0x100, RAM + MEMORY}) {
            p.li(A0, address).ld(A1, A0, 0);
        }
        p.li(T0, PAGE_TABLE)
                .li(T1, ((0x2_0000_0000L >>> 12) << 10) | 1).sd(T1, T0, 0)           // VA 0..1G: table outside RAM
                .li(T1, (0L << 10) | 0xC7).sd(T1, T0, 8)                              // VA 1G..2G -> PA 0: no RAM
                .li(T1, ((RAM >>> 12) << 10) | 0xCF).sd(T1, T0, 16)                   // VA 2G..3G: identity, RWX
                .li(T1, (8L << 60) | (PAGE_TABLE >>> 12)).csrrw(ZERO, 0x180, T1).sfenceVma()
                .ld(A1, ZERO, 0)
                .li(A0, 0x4000_0000L).sd(A1, A0, 0)
                .li(A0, 0x1_0000_0000L).ld(A1, A0, 0)
                .csrrw(ZERO, 0x180, ZERO).sfenceVma()
                .li(A0, UART);
        for (char c : "HOSTILE-".toCharArray()) {
            p.addi(T2, ZERO, c).sb(T2, A0, 0);
        }
        p.addi(T2, S1, '0').sb(T2, A0, 0).addi(T2, ZERO, '\n').sb(T2, A0, 0).jal(ZERO, 0);
        while (BareKernel.LOAD_ADDRESS + BareKernel.HEADER + p.pc() < HANDLER) {
            p.nop();
        }
        // The handler counts the fault and skips the faulting instruction.
        return p.addi(S1, S1, 1).csrrs(T6, 0x141, ZERO).addi(T6, T6, 4).csrrw(ZERO, 0x141, T6).sret();
    }

    /** stvec points nowhere, then an illegal instruction: every trap faults again, forever. */
    private static Asm trapStorm() {
        return new Asm().csrrw(ZERO, 0x105, ZERO).word(0xFFFFFFFF);
    }

    private static long stormFaults(VirtualMachine storm) {
        return storm.counters().trapsByCause().get(TrapCause.INSTRUCTION_ACCESS_FAULT);
    }

    @Test
    void wildAccessesFaultInsideTheGuestWhileAnotherVmTrapsForeverAndBothStayControllable() throws Exception {
        VmSpec hostileSpec = VmSpec.of("hostile", 1, MEMORY, BareKernel.write(wildAccesses(), dir), null, "");
        VmSpec stormSpec = VmSpec.of("storm", 1, MEMORY, BareKernel.write(trapStorm(), dir), null, "");
        try (VirtualMachine hostile = new VirtualMachine(hostileSpec); VirtualMachine storm = new VirtualMachine(stormSpec)) {
            SerialTranscript serial = new SerialTranscript(hostile::typeSerial);
            hostile.addSerialListener(serial::append);
            storm.start();
            hostile.start();

            serial.await(Pattern.compile("HOSTILE-8\n"), Instant.now().plus(Duration.ofSeconds(30)));
            assertThat(hostile.state()).isEqualTo(VmState.RUNNING);
            assertThat(hostile.counters().trapsByCause().get(TrapCause.LOAD_ACCESS_FAULT)).isEqualTo(6);
            assertThat(hostile.counters().trapsByCause().get(TrapCause.STORE_ACCESS_FAULT)).isEqualTo(1);
            assertThat(hostile.counters().trapsByCause().get(TrapCause.LOAD_PAGE_FAULT)).isEqualTo(1);

            long before = stormFaults(storm);
            Await.until(() -> stormFaults(storm) > before, Duration.ofSeconds(10),
                    () -> "the trap storm stopped at " + before + " faults");
            storm.pause();
            assertThat(storm.state()).isEqualTo(VmState.PAUSED);
            storm.resume();
            storm.powerOff();
            hostile.powerOff();
            assertThat(storm.state()).isEqualTo(VmState.STOPPED);
            assertThat(hostile.state()).isEqualTo(VmState.STOPPED);
        }
    }
}
