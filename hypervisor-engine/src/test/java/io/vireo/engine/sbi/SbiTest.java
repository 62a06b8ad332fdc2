package io.vireo.engine.sbi;

import io.vireo.engine.cpu.GuestClock;
import io.vireo.engine.cpu.Hart;
import io.vireo.engine.mmu.Bus;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.mmu.Mmu;
import io.vireo.engine.testing.Asm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.vireo.engine.testing.Asm.A0;
import static io.vireo.engine.testing.Asm.ZERO;
import static org.assertj.core.api.Assertions.assertThat;

/** The firmware's calls as a kernel makes them (a7 extension, a6 function, a0.. arguments), on three harts. */
class SbiTest {
    private static final long RAM = 0x8000_0000L;
    private static final long BASE = 0x10, TIME = 0x54494D45, IPI = 0x735049, RFENCE = 0x52464E43, HSM = 0x48534D,
            SRST = 0x53525354, DBCN = 0x4442434E;
    private static final long NOT_SUPPORTED = -2, INVALID_PARAM = -3, ALREADY_AVAILABLE = -6;
    private static final int SIP = 0x144, SSIP = 1 << 1;

    /** The machine as the firmware sees it, writing down what it was asked to do. */
    private final class RecordingPlatform implements Platform {
        final List<String> requests = new ArrayList<>();
        final ByteArrayOutputStream console = new ByteArrayOutputStream();
        final int[] states = {STARTED, STOPPED, STOPPED};
        boolean startRefused;

        @Override
        public List<Hart> harts() {
            return harts;
        }

        @Override
        public int hartState(int hartId) {
            return states[hartId];
        }

        @Override
        public boolean startHart(int hartId, long address, long opaque) {
            requests.add("start %d at 0x%x with 0x%x".formatted(hartId, address, opaque));
            return !startRefused;
        }

        @Override
        public void stopHart(int hartId) {
            requests.add("stop " + hartId);
        }

        @Override
        public void awaitRemoteFence(Hart caller, Hart target) {
            requests.add("fence wait %d for %d".formatted(caller.id(), target.id()));
        }

        @Override
        public void consoleWrite(byte[] bytes) {
            console.writeBytes(bytes);
        }

        @Override
        public void readPhysical(long address, byte[] dst) {
            memory.read(address, dst, 0, dst.length);
        }

        @Override
        public void powerOff() {
            requests.add("power off");
        }

        @Override
        public void reboot() {
            requests.add("reboot");
        }
    }

    private final GuestMemory memory = new GuestMemory(RAM, 1 << 20);
    private final List<Hart> harts = new ArrayList<>();
    private final RecordingPlatform platform = new RecordingPlatform();
    private final Sbi sbi = new Sbi(platform);

    SbiTest() {
        Bus bus = new Bus(memory);
        CodeCache code = new CodeCache(memory.size());
        GuestClock clock = new GuestClock();
        for (int i = 0; i < 3; i++) {
            Hart hart = new Hart(i, new Mmu(bus, code), clock, sbi);
            hart.setWaker(() -> { });
            hart.reset(RAM, 0, 0);
            harts.add(hart);
        }
        Asm readSip = new Asm();
        for (int i = 0; i < 64; i++) {
            readSip.csrrs(A0, SIP, ZERO);
        }
        memory.write(RAM, readSip.bytes(), 0, readSip.pc());
    }

    @AfterEach
    void close() {
        memory.close();
    }

    /** Makes a call from hart 0; returns {a0, a1} afterwards: error and value. */
    private long[] call(long extension, long function, long... args) {
        return callFrom(harts.getFirst(), extension, function, args);
    }

    private long[] callFrom(Hart hart, long extension, long function, long... args) {
        hart.setRegister(17, extension);
        hart.setRegister(16, function);
        for (int i = 0; i < args.length; i++) {
            hart.setRegister(10 + i, args[i]);
        }
        sbi.call(hart);
        return new long[] {hart.register(10), hart.register(11)};
    }

    /** What the hart's sip CSR reads: it runs the next of the instructions at RAM that read it into a0. */
    private static long sip(Hart hart) {
        hart.run(1);
        return hart.register(A0);
    }

    @Test
    void theBaseExtensionReportsVersionImplementationAndWhatItProbes() {
        assertThat(call(BASE, 0)).containsExactly(0, 2L << 24);
        assertThat(call(BASE, 1)).containsExactly(0, 0x5649524FL);
        assertThat(call(BASE, 2)).containsExactly(0, 1);
        for (long extension : new long[] {TIME, IPI, RFENCE, HSM, SRST, DBCN}) {
            assertThat(call(BASE, 3, extension)).as("probe 0x%x", extension).containsExactly(0, 1);
        }
        assertThat(call(BASE, 3, 0x12345678)).as("probe of an unknown extension").containsExactly(0, 0);
        for (int id = 4; id <= 6; id++) {
            assertThat(call(BASE, id)).as("machine vendor, architecture, implementation ids").containsExactly(0, 0);
        }
        assertThat(call(BASE, 7)[0]).isEqualTo(NOT_SUPPORTED);
    }

    @Test
    void unknownExtensionsAndFunctionsAreNotSupported() {
        assertThat(call(0x0A000000, 0)[0]).isEqualTo(NOT_SUPPORTED);
        for (long extension : new long[] {TIME, IPI, RFENCE, HSM, SRST, DBCN}) {
            assertThat(call(extension, 99)[0]).as("function 99 of 0x%x", extension).isEqualTo(NOT_SUPPORTED);
        }
        assertThat(sbi.callCounts().get(SbiExtension.BASE)).isZero();
        assertThat(sbi.callCounts().get(SbiExtension.TIME)).as("counted per extension").isEqualTo(1);
    }

    @Test
    void setTimerArmsTheCallersTimer() {
        Hart hart = harts.getFirst();
        assertThat(hart.nanosUntilTimer()).as("not armed after reset").isEqualTo(Long.MAX_VALUE);
        assertThat(call(TIME, 0, Long.MAX_VALUE / 2)).containsExactly(0, 0);
        assertThat(hart.nanosUntilTimer()).isGreaterThan(1_000_000_000L);
        call(TIME, 0, 0);
        assertThat(hart.nanosUntilTimer()).as("a compare value in the past is due now").isZero();
        assertThat(harts.get(1).nanosUntilTimer()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void ipisSetTheSoftwareInterruptOfTheHartsTheMaskNames() {
        assertThat(call(IPI, 0, 0b10, 1)).containsExactly(0, 0);
        assertThat(sip(harts.get(2)) & SSIP).as("mask bit 1 from base 1 is hart 2").isEqualTo(SSIP);
        assertThat(sip(harts.get(1)) & SSIP).isZero();
        assertThat(call(IPI, 0, 0, -1)).as("base -1: every hart").containsExactly(0, 0);
        assertThat(sip(harts.get(1)) & SSIP).isEqualTo(SSIP);
        assertThat(call(IPI, 0, 1, 3)[0]).as("base past the last hart").isEqualTo(INVALID_PARAM);
        assertThat(call(IPI, 0, 0b100, 1)[0]).as("mask reaching past the last hart").isEqualTo(INVALID_PARAM);
    }

    @Test
    void remoteFencesAreRequestedAndWaitedForOnOtherHartsOnly() {
        assertThat(call(RFENCE, 0, 0b110, 0)).as("remote fence.i").containsExactly(0, 0);
        assertThat(harts.get(1).hasPendingRequests()).isTrue();
        assertThat(harts.get(2).hasPendingRequests()).isTrue();
        assertThat(platform.requests).containsExactly("fence wait 0 for 1", "fence wait 0 for 2");
        platform.requests.clear();
        assertThat(call(RFENCE, 1, 0b1, 0)).as("remote sfence.vma on the caller itself").containsExactly(0, 0);
        assertThat(harts.getFirst().hasPendingRequests()).isTrue();
        assertThat(platform.requests).as("a hart does not wait for itself").isEmpty();
        assertThat(call(RFENCE, 2, 0, -1)).as("sfence.vma.asid on all").containsExactly(0, 0);
        assertThat(platform.requests).containsExactly("fence wait 0 for 1", "fence wait 0 for 2");
        assertThat(call(RFENCE, 0, 1, 5)[0]).isEqualTo(INVALID_PARAM);
    }

    @Test
    void hartStateManagementStartsStopsAndReports() {
        assertThat(call(HSM, 0, 1, 0x8020_0000L, 0x1234)).containsExactly(0, 0);
        platform.startRefused = true;
        assertThat(call(HSM, 0, 1, 0x8020_0000L, 0)[0]).as("already started").isEqualTo(ALREADY_AVAILABLE);
        assertThat(call(HSM, 0, 3, 0x8020_0000L, 0)[0]).isEqualTo(INVALID_PARAM);
        assertThat(callFrom(harts.get(2), HSM, 1)).as("stop").containsExactly(0, 0);
        assertThat(platform.requests).containsExactly("start 1 at 0x80200000 with 0x1234",
                "start 1 at 0x80200000 with 0x0", "stop 2");
        platform.states[1] = Platform.START_PENDING;
        assertThat(call(HSM, 2, 1)).containsExactly(0, Platform.START_PENDING);
        assertThat(call(HSM, 2, 0)).containsExactly(0, Platform.STARTED);
        assertThat(call(HSM, 2, -1)[0]).isEqualTo(INVALID_PARAM);
    }

    @Test
    void systemResetPowersOffOrReboots() {
        call(SRST, 0, 0, 0);
        call(SRST, 0, 1, 0);
        call(SRST, 0, 2, 0);
        assertThat(platform.requests).containsExactly("power off", "reboot", "reboot");
        assertThat(call(SRST, 0, 7, 0)[0]).as("unknown reset type").isEqualTo(INVALID_PARAM);
        call(0x08, 0);
        assertThat(platform.requests).as("legacy shutdown").endsWith("power off");
    }

    @Test
    void theDebugConsoleWritesFromGuestMemoryAndSingleBytes() {
        byte[] text = "hello, console".getBytes(StandardCharsets.US_ASCII);
        memory.write(RAM + 0x1000, text, 0, text.length);
        assertThat(call(DBCN, 0, text.length, RAM + 0x1000, 0)).containsExactly(0, text.length);
        assertThat(call(DBCN, 2, '!')).containsExactly(0, 0);
        call(0x01, 0, '\n');
        assertThat(platform.console.toString(StandardCharsets.US_ASCII)).isEqualTo("hello, console!\n");
        assertThat(call(DBCN, 0, 1 << 20, RAM, 0)).as("long writes are cut to 4 KiB").containsExactly(0, 4096);
        assertThat(call(DBCN, 0, 8, 0x1000, 0)[0]).as("address outside RAM").isEqualTo(INVALID_PARAM);
        assertThat(call(DBCN, 1, 16, RAM, 0)).as("nothing to read").containsExactly(0, 0);
        assertThat(call(0x02, 0)[0]).as("legacy getchar: nothing typed").isEqualTo(-1);
    }
}
