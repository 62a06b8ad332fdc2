package io.vireo.engine.vm;

import io.vireo.engine.boot.CpuTopology;
import io.vireo.engine.boot.KernelImage;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.BareKernel;
import io.vireo.engine.testing.SerialTranscript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtualMachineLifecycleTest {
    private static final long UART = 0x1000_0000L;
    private static final long SRST = 0x53525354L;

    @TempDir
    Path dir;

    /** Prints {@code marker} on the serial port, then asks the firmware for a system reset of {@code type}. */
    private VmSpec guestThatResets(String marker, int type) throws Exception {
        Asm p = new Asm().li(A0, UART);
        for (char c : (marker + "\n").toCharArray()) {
            p.addi(T2, ZERO, c).sb(T2, A0, 0);
        }
        p.li(A7, SRST).li(A6, 0).li(A0, type).li(A1, 0).ecall().jal(ZERO, 0);
        return VmSpec.of("reset-" + type, 1, 32L << 20, BareKernel.write(p, dir), null, "");
    }

    @Test
    void guestPowerOffEndsInStoppedAndTheVmCanBePoweredOnAgain() throws Exception {
        try (VirtualMachine vm = new VirtualMachine(guestThatResets("bye", 0))) {
            List<VmState> seen = new CopyOnWriteArrayList<>();
            vm.addStateListener((v, from, to, reason) -> seen.add(to));
            vm.start();
            assertThat(vm.awaitState(VmState.STOPPED, Duration.ofSeconds(20))).isTrue();
            vm.start();
            assertThat(vm.awaitState(VmState.STOPPED, Duration.ofSeconds(20))).isTrue();
            assertThat(seen).containsExactly(VmState.RUNNING, VmState.STOPPED, VmState.RUNNING, VmState.STOPPED);
        }
    }

    @Test
    void guestRebootStartsTheMachineAgain() throws Exception {
        try (VirtualMachine vm = new VirtualMachine(guestThatResets("boot", 1))) {
            SerialTranscript serial = new SerialTranscript(vm::typeSerial);
            vm.addSerialListener(serial::append);
            vm.start();
            Instant deadline = Instant.now().plusSeconds(20);
            serial.await(Pattern.compile("boot\n"), deadline);
            serial.await(Pattern.compile("boot\n"), deadline);
            serial.await(Pattern.compile("boot\n"), deadline);
            vm.powerOff();
            assertThat(vm.state()).isEqualTo(VmState.STOPPED);
        }
    }

    @Test
    void illegalLifecycleMovesAreRefusedWithTheStateInTheMessage() throws Exception {
        try (VirtualMachine vm = new VirtualMachine(guestThatResets("x", 0))) {
            assertThatThrownBy(vm::pause).hasMessageContaining("CREATED");
            assertThatThrownBy(vm::powerOff).hasMessageContaining("CREATED");
            assertThatThrownBy(vm::resume).hasMessageContaining("CREATED");
        }
        assertThat(VmState.STOPPED.canMoveTo(VmState.PAUSED)).isFalse();
        assertThat(VmState.PAUSED.canMoveTo(VmState.RUNNING)).isTrue();
    }

    @Test
    void aKernelFileThatIsNotAnImageIsRefusedClearly() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk"), "not a kernel".repeat(20));
        try (VirtualMachine vm = new VirtualMachine(VmSpec.of("junk", 1, 32L << 20, junk, null, ""))) {
            assertThatThrownBy(vm::start).hasMessageContaining("not a RISC-V kernel Image");
            assertThat(vm.state()).isEqualTo(VmState.CREATED);
        }
    }

    @Test
    void aKernelHeaderWhoseSizeOverflowsTheLayoutIsRefusedWithAnIoError() throws Exception {
        byte[] image = KernelImage.wrapBareMetal(new Asm().jal(ZERO, 0).bytes());
        ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(8, 64L << 20)                          // text_offset: past the end of 32 MiB of RAM
                .putLong(16, Long.MAX_VALUE - 0xFFFF);          // image_size: wraps kernel base + size around
        Path kernel = Files.write(dir.resolve("huge.Image"), image);
        try (VirtualMachine vm = new VirtualMachine(VmSpec.of("huge", 1, 32L << 20, kernel, null, ""))) {
            assertThatThrownBy(vm::start).isInstanceOf(IOException.class).hasMessageContaining("does not fit");
            assertThat(vm.state()).isEqualTo(VmState.CREATED);
        }
    }

    @Test
    void aCommandLineTheDeviceTreeCannotHoldIsRefusedInTheSpec() throws Exception {
        Path kernel = BareKernel.write(new Asm().jal(ZERO, 0), dir);
        assertThatThrownBy(() -> VmSpec.of("long", 1, 32L << 20, kernel, null, "x".repeat(3 << 20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command line");
        assertThatThrownBy(() -> VmSpec.of("nul", 1, 32L << 20, kernel, null, "console=ttyS0\0init=/evil"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command line");
    }

    @Test
    void aTopologyMustLayOutExactlyTheHartsOfTheSpec() throws Exception {
        Path kernel = BareKernel.write(new Asm().jal(ZERO, 0), dir);
        assertThat(VmSpec.of("flat", 3, 32L << 20, kernel, null, "").topology()).isEqualTo(new CpuTopology(1, 3, 1));
        VmSpec laidOut = VmSpec.of("two-sockets", new CpuTopology(2, 2, 1), 32L << 20, kernel, null, "");
        assertThat(laidOut.harts()).isEqualTo(4);
        assertThat(laidOut.withDevices(List.of(new DeviceSpec.Rng())).topology()).as("kept by other changes")
                .isEqualTo(new CpuTopology(2, 2, 1));
        assertThatThrownBy(() -> new VmSpec("short", 3, 32L << 20, kernel, null, "", List.of(), new CpuTopology(2, 2, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("make 4 harts, not the 3");
        assertThatThrownBy(() -> new CpuTopology(0, 2, 1)).hasMessageContaining("sockets must be 1..8");
        assertThatThrownBy(() -> new CpuTopology(1, 2, -1)).hasMessageContaining("threads must be 1..8");
        assertThatThrownBy(() -> new CpuTopology(2, 4, 2)).hasMessageContaining("16 harts, more than the 8");
    }

    @Test
    void aDiskConfinedToADatastoreWhoseBackingLeadsOutsideItKeepsTheVmOff() throws Exception {
        Path datastore = Files.createDirectories(dir.resolve("datastore"));
        Path outside = dir.resolve("outside.qcow2");
        ChainOperations.create(outside, ImageFormat.QCOW2, 1 << 20, Optional.empty());
        Path top = datastore.resolve("disk0.qcow2");
        ChainOperations.createOverlay(outside, top);
        VmSpec spec = guestThatResets("never", 0).withDevices(List.of(
                new DeviceSpec.Disk(top, ImageFormat.QCOW2, false, Optional.of(datastore))));
        try (VirtualMachine vm = new VirtualMachine(spec)) {
            assertThatThrownBy(vm::start).isInstanceOf(ImageException.class).hasMessageContaining("outside " + datastore);
            assertThat(vm.state()).isEqualTo(VmState.CREATED);
        }
    }
}
