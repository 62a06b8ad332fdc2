package io.vireo.engine.vm;

import io.vireo.engine.cpu.TrapCause;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.Await;
import io.vireo.engine.testing.BareKernel;
import io.vireo.engine.testing.SerialTranscript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guests that point loads, stores and the MMU at addresses outside RAM and devices, or trap forever; and
 * the hostile set of {@link HostilePrograms} running next to a normal guest in one JVM.
 */
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

    /** How long the normal guest may take to echo a line while the hostile VMs run. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(5);
    /** How long the normal guest keeps echoing, line after line, while the hostile VMs run. */
    private static final Duration HOSTILE_WINDOW = Duration.ofSeconds(10);
    /**
     * Host memory the six VMs may add beyond their configured RAM: harts' and devices' threads, decoded
     * and translated code, device state (a 640x480 screen, queues), JIT output. Measured as the growth of
     * the process's resident set; heap growth (after a collection) has its own, tighter bound.
     */
    private static final long HOST_OVERHEAD = 384L << 20, HEAP_OVERHEAD = 64L << 20;

    @Test
    void hostileGuestsEndCrashedOrKeepRunningWhileANormalNeighbourStillAnswersAndMemoryStaysBounded() throws Exception {
        Path backing = dir.resolve("backing.raw");
        byte[] backingBytes = new byte[1 << 20];
        new Random(3).nextBytes(backingBytes);
        Files.write(backing, backingBytes);
        Map<String, Asm> programs = new LinkedHashMap<>();
        programs.put("jumper", HostilePrograms.jumper(0x9E3779B97F4A7C15L));
        programs.put("mmio-storm", HostilePrograms.mmioStorm(0xD1B54A32D192ED03L));
        programs.put("virtqueue-garbage", HostilePrograms.virtqueueGarbage(0x8CB92BA72F3D8DD7L));
        programs.put("interrupt-storm", HostilePrograms.interruptStorm());
        programs.put("spinner", HostilePrograms.spinner());
        List<VirtualMachine> hostile = new ArrayList<>();
        long configured = HostilePrograms.MEMORY * (programs.size() + 1);
        System.gc();
        long heapBefore = usedHeap(), residentBefore = processResidentBytes();
        AtomicLong flood = new AtomicLong();
        try (VirtualMachine normal = new VirtualMachine(VmSpec.of("echo", 1, HostilePrograms.MEMORY,
                BareKernel.write(HostilePrograms.echo(), dir), null, ""))) {
            for (var program : programs.entrySet()) {
                Path overlay = dir.resolve(program.getKey() + ".qcow2");
                ChainOperations.create(overlay, ImageFormat.QCOW2, 1 << 20, Optional.of(backing));
                VirtualMachine vm = new VirtualMachine(VmSpec.of(program.getKey(), 1, HostilePrograms.MEMORY,
                        BareKernel.write(program.getValue(), dir), null, "").withDevices(List.of(
                        new DeviceSpec.Disk(overlay, ImageFormat.QCOW2, false), new DeviceSpec.Display(640, 480),
                        new DeviceSpec.Input(), new DeviceSpec.Balloon(), new DeviceSpec.Rng())));
                vm.addSerialListener(b -> flood.incrementAndGet());
                hostile.add(vm);
                vm.start();
            }
            SerialTranscript serial = new SerialTranscript(normal::typeSerial);
            normal.addSerialListener(serial::append);
            normal.start();
            serial.await(Pattern.compile(HostilePrograms.READY), Instant.now().plus(Duration.ofSeconds(30)));

            long residentPeak = 0;
            Duration slowest = Duration.ZERO;
            int echoes = 0;
            Instant windowEnd = Instant.now().plus(HOSTILE_WINDOW);
            for (int i = 0; i < 20 || Instant.now().isBefore(windowEnd); i++) {
                Instant asked = Instant.now();
                serial.type("ping-" + i);
                serial.await(Pattern.compile("ping-" + i + "\\r"), asked.plus(ANSWER_BOUND));
                Duration took = Duration.between(asked, Instant.now());
                slowest = took.compareTo(slowest) > 0 ? took : slowest;
                residentPeak = Math.max(residentPeak, processResidentBytes());
                echoes++;
            }
            System.out.printf("[hostile] %d echoes, slowest %d ms; resident growth %d MiB; serial flood %d bytes; %s%n",
                    echoes, slowest.toMillis(), (residentPeak - residentBefore) >> 20, flood.get(),
                    hostile.stream().map(vm -> vm.spec().name() + "=" + vm.state()
                            + vm.crashDiagnostic().map(d -> " (" + d + ")").orElse("")).toList());

            assertThat(normal.state()).isEqualTo(VmState.RUNNING);
            for (VirtualMachine vm : hostile) {
                assertThat(vm.state()).as(vm.spec().name()).isIn(VmState.RUNNING, VmState.CRASHED, VmState.STOPPED);
                long traps = vm.counters().trapsByCause().values().stream().mapToLong(Long::longValue).sum();
                assertThat(vm.counters().instructionsRetired() + traps).as(vm.spec().name() + " ran").isPositive();
            }
            assertThat(flood.get()).as("bytes the hostile guests wrote to their consoles").isPositive();
            assertThat(residentPeak - residentBefore).as("process memory growth")
                    .isLessThanOrEqualTo(configured + HOST_OVERHEAD);
            long guestResident = hostile.stream().mapToLong(VirtualMachine::residentMemoryBytes).sum()
                    + normal.residentMemoryBytes();
            assertThat(guestResident).as("guest RAM held").isLessThanOrEqualTo(configured);
        } finally {
            hostile.forEach(VirtualMachine::close);
        }
        System.gc();
        assertThat(usedHeap() - heapBefore).as("heap left behind").isLessThanOrEqualTo(HEAP_OVERHEAD);
        assertThat(Files.readAllBytes(backing)).as("the disks' shared backing file").isEqualTo(backingBytes);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** The JVM's resident set (VmRSS), which includes guest RAM the host has handed out. */
    private static long processResidentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
