package io.vireo.engine.vm;

import io.vireo.engine.boot.CpuTopology;
import io.vireo.engine.devices.virtio.VirtioMmioTransport;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkAttachment;
import io.vireo.engine.network.PortCounters;
import io.vireo.engine.network.SwitchPort;
import io.vireo.engine.state.DamagedStateFiles;
import io.vireo.engine.state.MachineState;
import io.vireo.engine.state.MachineStateFile;
import io.vireo.engine.state.SavedStateException;
import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.BareKernel;
import io.vireo.engine.testing.SerialTranscript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.vireo.engine.testing.Asm.A0;
import static io.vireo.engine.testing.Asm.S1;
import static io.vireo.engine.testing.Asm.T0;
import static io.vireo.engine.testing.Asm.T1;
import static io.vireo.engine.testing.Asm.T2;
import static io.vireo.engine.testing.Asm.ZERO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Suspend and resume of a bare guest that echoes what is typed on its serial port, followed by how many
 * bytes it has echoed so far: its registers, RAM and serial port go on where they were, in another
 * {@link VirtualMachine}. A damaged or mismatched saved state is refused with a {@link SavedStateException}
 * naming what is wrong, and its files are left as they were.
 */
class SavedStateTest {
    private static final CpuTopology TWO_SOCKETS = new CpuTopology(2, 1, 1);
    private static final long MEMORY = 64L << 20;
    private static final long UART = 0x1000_0000L;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static Asm echoWithCount() {
        Asm p = new Asm().li(A0, UART).li(S1, 0);
        int loop = p.pc();
        p.lbu(T0, A0, 5).andi(T0, T0, 1);
        p.beq(T0, ZERO, loop - p.pc());
        p.lbu(T1, A0, 0).sb(T1, A0, 0).addi(S1, S1, 1).addi(T2, S1, '0').sb(T2, A0, 0);
        return p.jal(ZERO, loop - p.pc());
    }

    private VmSpec spec(long memory, DeviceSpec... devices) throws Exception {
        return VmSpec.of("echo", TWO_SOCKETS, memory, BareKernel.write(echoWithCount(), dir), null, "")
                .withDevices(List.of(devices));
    }

    /** Boots the echo guest, has it echo "a", suspends it to {@code saved}. */
    private Path suspendedEcho(VmSpec spec) throws Exception {
        Path saved = dir.resolve("saved");
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            SerialTranscript serial = console(vm);
            vm.start();
            vm.typeSerial("a".getBytes());
            serial.await(Pattern.compile("a1"), Instant.now().plus(WAIT));
            vm.suspendTo(saved);
            assertThat(vm.state()).isEqualTo(VmState.SUSPENDED);
            assertThat(vm.residentMemoryBytes()).as("a suspended VM holds no RAM").isZero();
        }
        return saved;
    }

    private static SerialTranscript console(VirtualMachine vm) {
        SerialTranscript serial = new SerialTranscript(vm::typeSerial);
        vm.addSerialListener(serial::append);
        return serial;
    }

    @Test
    void registersRamAndSerialPortGoOnInAnotherVm() throws Exception {
        Path saved = suspendedEcho(spec(MEMORY, new DeviceSpec.Rng()));
        assertThat(Files.size(saved.resolve(Machine.MEMORY_FILE))).isEqualTo(MEMORY);

        assertThat(SavedVm.spec(saved, NicNetworks.NONE).topology()).isEqualTo(TWO_SOCKETS);
        try (VirtualMachine vm = new VirtualMachine(SavedVm.spec(saved, NicNetworks.NONE))) {
            SerialTranscript serial = console(vm);
            vm.resumeFrom(saved);
            assertThat(vm.state()).isEqualTo(VmState.RUNNING);
            vm.typeSerial("b".getBytes());
            serial.await(Pattern.compile("b2"), Instant.now().plus(WAIT));
            vm.powerOff();
        }
    }

    @Test
    void aVmThatIsSuspendedResumesInPlaceAndCanBeSuspendedAgainOverItsOwnFiles() throws Exception {
        VmSpec spec = spec(MEMORY);
        Path saved = dir.resolve("saved");
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            SerialTranscript serial = console(vm);
            vm.start();
            for (String c : new String[] {"a1", "b2", "c3"}) {
                vm.typeSerial(c.substring(0, 1).getBytes());
                serial.await(Pattern.compile(c), Instant.now().plus(WAIT));
                vm.suspendTo(saved);
                vm.resumeFrom(saved);
            }
            assertThatThrownBy(() -> vm.resumeFrom(saved)).isInstanceOf(IllegalStateException.class);
            vm.powerOff();
            assertThatThrownBy(() -> vm.suspendTo(saved)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("STOPPED");
        }
    }

    @Test
    void damagedOrMismatchedStateIsRefusedAndItsFilesAreLeftAsTheyWere() throws Exception {
        VmSpec spec = spec(MEMORY, new DeviceSpec.Rng());
        Path saved = suspendedEcho(spec);
        Path state = saved.resolve(Machine.STATE_FILE);
        byte[] good = Files.readAllBytes(state);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Files.write(state, flipped);
        assertRefused(spec, saved, "header: the body's checksum does not match (the file is corrupted)");

        Files.write(state, java.util.Arrays.copyOf(good, good.length - 100));
        assertRefused(spec, saved, "header: the body should be");

        Files.write(state, good);
        assertRefused(spec(MEMORY * 2, new DeviceSpec.Rng()), saved, "section MACH: it was saved with 64 MiB of RAM");
        assertRefused(spec(MEMORY, new DeviceSpec.Rng(), new DeviceSpec.Rng()), saved,
                "section MACH: it was saved with virtio devices [4], the machine has [4, 4]");

        Path memory = saved.resolve(Machine.MEMORY_FILE);
        try (var raf = new java.io.RandomAccessFile(memory.toFile(), "rw")) {
            raf.setLength(MEMORY / 2);
        }
        assertRefused(spec, saved, "memory: ");

        Files.delete(state);
        assertRefused(spec, saved, "file: ");
    }

    @Test
    void queueRingsOutsideRamAreRefusedWithTheirSlot() throws Exception {
        VmSpec spec = spec(MEMORY, new DeviceSpec.Rng());
        Path saved = suspendedEcho(spec);
        Path state = saved.resolve(Machine.STATE_FILE);
        MachineState good = MachineStateFile.read(state);
        long beyondRam = good.shape().ramBase() + good.shape().ramSize() - 8;
        VirtioMmioTransport.State outside = new VirtioMmioTransport.State(15, 0, 0, VirtioMmioTransport.F_VERSION_1, 0, 0,
                0, List.of(new VirtioMmioTransport.QueueState(16, beyondRam, beyondRam, beyondRam, true, 0, 0)), new long[0]);
        MachineStateFile.write(state, new MachineState(good.shape(), good.clockTicks(), good.harts(), good.hsmStates(),
                good.plic(), good.uart(), good.rtcOffsetNanos(), List.of(outside)));
        assertRefused(spec, saved, "section VIRT 0: queue 0: queue rings lie outside guest RAM");
    }

    /** Random damage behind a valid header reaches the sections and the machine's checks: resumed or refused, nothing else. */
    @Test
    void randomlyDamagedStateFilesResumeOrAreRefused() throws Exception {
        VmSpec spec = spec(MEMORY, new DeviceSpec.Rng());
        Path saved = suspendedEcho(spec);
        Path state = saved.resolve(Machine.STATE_FILE);
        byte[] good = Files.readAllBytes(state);
        Random random = new Random(29);
        int refused = 0;
        for (int round = 0; round < 300; round++) {
            Files.write(state, DamagedStateFiles.resealed(DamagedStateFiles.damage(good, random)));
            try (VirtualMachine vm = new VirtualMachine(spec)) {
                vm.resumeFrom(saved);
                vm.powerOff();
            } catch (SavedStateException e) {
                assertThat(e.getMessage()).matches("(header: |section |memory: ).+");
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(100);
    }

    private static void assertRefused(VmSpec spec, Path saved, String message) throws Exception {
        Map<String, byte[]> before = contents(saved);
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            assertThatThrownBy(() -> vm.resumeFrom(saved)).isInstanceOf(SavedStateException.class)
                    .hasMessageStartingWith(message);
            assertThat(vm.state()).isEqualTo(VmState.CREATED);
        }
        Map<String, byte[]> after = contents(saved);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name + " is untouched").isEqualTo(bytes));
    }

    private static Map<String, byte[]> contents(Path dir) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void theBalloonTargetTheInputDevicesAndTheDisplayComeBackWithTheVm() throws Exception {
        VmSpec spec = spec(MEMORY, new DeviceSpec.Balloon(), new DeviceSpec.Input(), new DeviceSpec.Display(800, 600));
        Path saved = dir.resolve("saved");
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            SerialTranscript serial = console(vm);
            vm.start();
            assertThat(vm.setBalloonTarget(16L << 20)).isTrue();
            vm.typeSerial("a".getBytes());
            serial.await(Pattern.compile("a1"), Instant.now().plus(WAIT));
            vm.suspendTo(saved);
        }
        assertThat(SavedVm.spec(saved, NicNetworks.NONE).devices()).isEqualTo(spec.devices());
        try (VirtualMachine vm = new VirtualMachine(SavedVm.spec(saved, NicNetworks.NONE))) {
            SerialTranscript serial = console(vm);
            vm.resumeFrom(saved);
            assertThat(vm.memoryTargetBytes()).as("the balloon target set before the suspend")
                    .isEqualTo(MEMORY - (16L << 20));
            assertThat(vm.display().orElseThrow().width()).as("the display's mode").isEqualTo(800);
            vm.typeSerial("b".getBytes());
            serial.await(Pattern.compile("b2"), Instant.now().plus(WAIT));
            vm.powerOff();
        }
    }

    @Test
    void deviceStateNoDeviceCouldHoldIsRefusedNamingItsSlot() throws Exception {
        VmSpec spec = spec(MEMORY, new DeviceSpec.Balloon(), new DeviceSpec.Input());
        Path saved = suspendedEcho(spec);
        Path state = saved.resolve(Machine.STATE_FILE);
        MachineState good = MachineStateFile.read(state);
        assertThat(good.virtio().getFirst().device()).as("the balloon's fields").hasSize(3);
        assertDeviceRefused(spec, saved, good, 0, new long[] {1L << 40, 0, -1}, "section VIRT 0: balloon of 0 pages (target");
        assertDeviceRefused(spec, saved, good, 0, new long[] {0, 0, 3}, "section VIRT 0: held stats buffer");
        assertDeviceRefused(spec, saved, good, 0, new long[] {0, 0}, "section VIRT 0: 2 fields of balloon state");
        assertDeviceRefused(spec, saved, good, 1, new long[] {256, 0}, "section VIRT 1: input device state");
        assertDeviceRefused(spec, saved, good, 2, new long[0], "section VIRT 2: input device state");
    }

    private static void assertDeviceRefused(VmSpec spec, Path saved, MachineState good, int slot, long[] fields,
                                            String message) throws Exception {
        List<VirtioMmioTransport.State> virtio = new java.util.ArrayList<>(good.virtio());
        VirtioMmioTransport.State s = virtio.get(slot);
        virtio.set(slot, new VirtioMmioTransport.State(s.status(), s.deviceFeaturesSel(), s.driverFeaturesSel(),
                s.driverFeatures(), s.queueSel(), s.interruptStatus(), s.configGeneration(), s.queues(), fields));
        MachineStateFile.write(saved.resolve(Machine.STATE_FILE), new MachineState(good.shape(), good.clockTicks(),
                good.harts(), good.hsmStates(), good.plic(), good.uart(), good.rtcOffsetNanos(), virtio));
        assertRefused(spec, saved, message);
    }

    @Test
    void aNicKeepsItsMacAndLinkStateAndJoinsTheNetworkTheResumerNames() throws Exception {
        MacAddress mac = MacAddress.parse("52:56:00:00:00:01");
        List<String> plugged = new java.util.ArrayList<>();
        NetworkAttachment network = (m, vlan, receiver) -> {
            plugged.add(m + " vlan " + vlan);
            return new SwitchPort() {
                public void send(java.nio.ByteBuffer frame) {
                }

                public PortCounters counters() {
                    return PortCounters.NONE;
                }

                public void close() {
                }
            };
        };
        VmSpec spec = spec(MEMORY, new DeviceSpec.Nic(mac, network, OptionalInt.of(7), OptionalLong.of(1 << 20)));
        Path saved;
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            SerialTranscript serial = console(vm);
            vm.start();
            vm.typeSerial("a".getBytes());
            serial.await(Pattern.compile("a1"), Instant.now().plus(WAIT));
            vm.nics().getFirst().setLinkUp(false);
            saved = dir.resolve("saved");
            vm.suspendTo(saved);
        }
        assertThatThrownBy(() -> SavedVm.spec(saved, NicNetworks.NONE))
                .hasMessageContaining("52:56:00:00:00:01");
        List<String> asked = new java.util.ArrayList<>();
        VmSpec resumed = SavedVm.spec(saved, (index, m) -> {
            asked.add(index + " " + m);
            return network;
        });
        assertThat(asked).containsExactly("0 52:56:00:00:00:01");
        assertThat(resumed.devices()).isEqualTo(spec.devices());
        try (VirtualMachine vm = new VirtualMachine(resumed)) {
            SerialTranscript serial = console(vm);
            vm.resumeFrom(saved);
            assertThat(vm.nics().getFirst().linkUp()).as("the cable pulled before the suspend").isFalse();
            assertThat(plugged).containsExactly("52:56:00:00:00:01 vlan OptionalInt[7]", "52:56:00:00:00:01 vlan OptionalInt[7]");
            vm.typeSerial("b".getBytes());
            serial.await(Pattern.compile("b2"), Instant.now().plus(WAIT));
            vm.powerOff();
        }
        MachineState good = MachineStateFile.read(saved.resolve(Machine.STATE_FILE));
        assertDeviceRefused(resumed, saved, good, 0, new long[] {2}, "section VIRT 0: a NIC's state is one link flag");
    }
}
