package io.vireo.engine.state;

import io.vireo.engine.cpu.HartState;
import io.vireo.engine.devices.virtio.VirtioMmioTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The machine-state file: what is written is read back field for field, and a file that is truncated,
 * corrupted, of another version or lying about its contents is refused with a {@link SavedStateException}
 * naming the section, never with any other exception.
 */
class MachineStateFileTest {
    @TempDir
    Path dir;

    private byte[] validFile() throws Exception {
        Path file = dir.resolve("machine.state");
        MachineStateFile.write(file, SavedStates.twoHartsADiskAndABalloon());
        return Files.readAllBytes(file);
    }

    @Test
    void everyFieldComesBackAsWritten() throws Exception {
        MachineState written = SavedStates.twoHartsADiskAndABalloon();
        Path file = dir.resolve("machine.state");
        MachineStateFile.write(file, written);
        MachineState read = MachineStateFile.read(file);

        assertThat(read.shape().mismatch(written.shape())).isNull();
        assertThat(read.clockTicks()).isEqualTo(written.clockTicks());
        assertThat(read.hsmStates()).containsExactly(written.hsmStates());
        for (int h = 0; h < 2; h++) {
            HartState a = written.harts().get(h), b = read.harts().get(h);
            assertThat(b.x()).containsExactly(a.x());
            assertThat(b.f()).containsExactly(a.f());
            assertThat(b.csrs()).containsExactly(a.csrs());
            assertThat(List.of(b.pc(), b.privilege(), b.fflags(), b.frm(), b.pendingInterrupts(), b.waiting()))
                    .isEqualTo(List.of(a.pc(), a.privilege(), a.fflags(), a.frm(), a.pendingInterrupts(), a.waiting()));
        }
        assertThat(read.plic().priority()).containsExactly(written.plic().priority());
        assertThat(read.plic().claimed()).containsExactly(written.plic().claimed());
        assertThat(read.plic().enable()).containsExactly(written.plic().enable());
        assertThat(read.plic().threshold()).containsExactly(written.plic().threshold());
        assertThat(read.uart().input()).containsExactly(written.uart().input());
        assertThat(read.uart().mcr()).isEqualTo(written.uart().mcr());
        assertThat(read.rtcOffsetNanos()).isEqualTo(written.rtcOffsetNanos());
        VirtioMmioTransport.State disk = read.virtio().getFirst();
        assertThat(disk).usingRecursiveComparison().isEqualTo(written.virtio().getFirst());
        assertThat(read.virtio()).as("the balloon's own fields too").usingRecursiveComparison()
                .isEqualTo(written.virtio());
        assertThat(read.virtio().get(1).device()).containsExactly(4096, 4000, 0);
    }

    @Test
    void headerProblemsAreNamed() throws Exception {
        byte[] valid = validFile();
        assertThatThrownBy(() -> StateFile.parse(Arrays.copyOf(valid, valid.length - 1)))
                .isInstanceOf(SavedStateException.class).hasMessageContaining("header").hasMessageContaining("truncated");
        assertThatThrownBy(() -> StateFile.parse(Arrays.copyOf(valid, 10)))
                .isInstanceOf(SavedStateException.class).hasMessageContaining("fewer than a header");
        byte[] otherVersion = valid.clone();
        otherVersion[8] = 3;
        assertThatThrownBy(() -> StateFile.parse(otherVersion))
                .isInstanceOf(SavedStateException.class).hasMessageContaining("format version 3");
        byte[] versionOne = valid.clone();
        versionOne[8] = 1;
        assertThat(MachineStateFile.decode(StateFile.parse(versionOne)).virtio()).as("a version 1 file is read")
                .hasSize(2);
        byte[] notOurs = valid.clone();
        notOurs[0] = 'X';
        assertThatThrownBy(() -> StateFile.parse(notOurs)).isInstanceOf(SavedStateException.class).hasMessageContaining("magic");
        byte[] flipped = valid.clone();
        flipped[valid.length - 3] ^= 1;
        assertThatThrownBy(() -> StateFile.parse(flipped)).isInstanceOf(SavedStateException.class).hasMessageContaining("checksum");
    }

    @Test
    void valuesNoMachineCouldHoldAreRefusedWithTheirSection() throws Exception {
        byte[] valid = validFile();
        int plic = payloadOffset(valid, "PLIC");
        byte[] priority = valid.clone();
        priority[plic + 4 + 2 * 3] = 9;
        assertThatThrownBy(() -> decode(DamagedStateFiles.resealed(priority))).isInstanceOf(SavedStateException.class)
                .hasMessage("section PLIC: source 3 has priority 9, above 7");

        int hart = payloadOffset(valid, "HART");
        byte[] hsm = valid.clone();
        hsm[hart + 4] = 7;
        assertThatThrownBy(() -> decode(DamagedStateFiles.resealed(hsm))).isInstanceOf(SavedStateException.class)
                .hasMessage("section HART: HSM state 7 is neither started nor stopped");

        byte[] zeroRegister = valid.clone();
        zeroRegister[hart + 8] = 1;
        assertThatThrownBy(() -> decode(DamagedStateFiles.resealed(zeroRegister))).isInstanceOf(SavedStateException.class)
                .hasMessage("section HART: x0 is not zero");

        int uart = payloadOffset(valid, "UART");
        byte[] longInput = valid.clone();
        ByteBuffer.wrap(longInput).order(ByteOrder.LITTLE_ENDIAN).putInt(uart + 7, 1 << 30);
        assertThatThrownBy(() -> decode(DamagedStateFiles.resealed(longInput))).isInstanceOf(SavedStateException.class)
                .hasMessageStartingWith("section UART: byte string length 1073741824 is not between 0 and 65536");

        int virtio = payloadOffset(valid, "VIRT");
        byte[] queues = valid.clone();
        ByteBuffer.wrap(queues).order(ByteOrder.LITTLE_ENDIAN).putInt(virtio + 34, -1);
        assertThatThrownBy(() -> decode(DamagedStateFiles.resealed(queues))).isInstanceOf(SavedStateException.class)
                .hasMessage("section VIRT: queue count 4294967295 is not between 0 and 1024");

        int balloonFields = virtio + 75 + 8 + 137;
        byte[] ragged = valid.clone();
        ByteBuffer.wrap(ragged).order(ByteOrder.LITTLE_ENDIAN).putInt(balloonFields, 20);
        assertThatThrownBy(() -> decode(DamagedStateFiles.resealed(ragged))).isInstanceOf(SavedStateException.class)
                .hasMessage("section VIRT: 20 bytes of device state, not a whole number of u64 fields");
        byte[] many = valid.clone();
        ByteBuffer.wrap(many).order(ByteOrder.LITTLE_ENDIAN).putInt(balloonFields, 8 * (1 << 20) + 8);
        assertThatThrownBy(() -> decode(DamagedStateFiles.resealed(many))).isInstanceOf(SavedStateException.class)
                .hasMessage("section VIRT: byte string length 8388616 is not between 0 and 8388608");
    }

    @Test
    void sectionsWithUnknownTagsAreSkipped() throws Exception {
        byte[] valid = validFile();
        byte[] extra = new byte[valid.length + 12];
        System.arraycopy(valid, 0, extra, 0, valid.length);
        ByteBuffer b = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
        b.put(valid.length, "NEWS".getBytes()).putInt(valid.length + 4, 4).putInt(valid.length + 8, 0xCAFE);
        b.putInt(12, b.getInt(12) + 1).putLong(16, extra.length - StateFile.HEADER_BYTES);
        assertThat(decode(DamagedStateFiles.resealed(extra)).clockTicks()).isEqualTo(SavedStates.twoHartsADiskAndABalloon().clockTicks());
    }

    /**
     * Random damage: flipped bits, overwritten bytes, cuts and insertions, with the checksum left as it was
     * (always refused) or recomputed so the damage reaches the sections (refused or read, never anything else).
     */
    @Test
    void randomlyDamagedFilesGiveOnlyTheCheckedError() throws Exception {
        byte[] valid = validFile();
        Random random = new Random(17);
        int refused = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] damaged = DamagedStateFiles.damage(valid, random);
            boolean reseal = random.nextBoolean() && damaged.length >= StateFile.HEADER_BYTES;
            byte[] file = reseal ? DamagedStateFiles.resealed(damaged) : damaged;
            try {
                decode(file);
                assertThat(reseal || Arrays.equals(file, valid)).as("a damaged file with its old checksum was read").isTrue();
            } catch (SavedStateException e) {
                assertThat(e.getMessage()).matches("(header: |section ).+");
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(10_000);
    }

    private static MachineState decode(byte[] file) throws SavedStateException {
        return MachineStateFile.decode(StateFile.parse(file));
    }

    /** Where the payload of the first section tagged {@code tag} starts. */
    private static int payloadOffset(byte[] file, String tag) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int at = StateFile.HEADER_BYTES;
        while (true) {
            String name = new String(file, at, 4);
            if (name.equals(tag)) {
                return at + 8;
            }
            at += 8 + b.getInt(at + 4);
        }
    }
}
