package io.vireo.engine.vm;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.devices.virtio.scsi.CdromDrive;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.Await;
import io.vireo.engine.testing.GuestShell;
import io.vireo.engine.testing.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Debian's kernel on a virtio SCSI controller with a qcow2 disk and a CD-ROM drive: the disk is /dev/sda with
 * what the host wrote, the ISO made on the host mounts from /dev/sr0, the drive is locked while mounted, the
 * guest's {@code eject} empties it, and a disc the host puts in is read after the next mount, across a suspend
 * and resume.
 */
class ScsiGuestTest {
    private static final String MARKER = "written-by-the-host";

    @TempDir
    Path dir;

    @Test
    void aGuestReadsItsScsiDiskAndCdromAndEjectsAndReloadsTheDisc() throws Exception {
        Path genisoimage = RequiredTool.require("genisoimage", "genisoimage");
        Path disk = dir.resolve("disk.qcow2");
        ChainOperations.create(disk, ImageFormat.QCOW2, 16L << 20, Optional.empty());
        try (DiskImage image = DiskChain.open(disk, Optional.of(ImageFormat.QCOW2), false)) {
            image.write(4096, ByteBuffer.wrap(MARKER.getBytes(StandardCharsets.US_ASCII)));
        }
        Path first = iso(genisoimage, "first", "the first disc", ejectProgram());
        Path second = iso(genisoimage, "second", "the second disc", new byte[0]);
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        VmSpec spec = new VmSpec("scsi", 1, 256L << 20, tiny.kernel(), tiny.initrd(), tiny.cmdline(), List.of(
                new DeviceSpec.ScsiController(List.of(new DeviceSpec.Disk(disk, ImageFormat.QCOW2, false)),
                        List.of(Optional.of(first)))));
        try (GuestShell guest = GuestShell.start(spec).awaitPrompt()) {
            assertThat(guest.run("dd if=/dev/sda bs=4096 skip=1 count=1 2>/dev/null | head -c " + MARKER.length()))
                    .contains(MARKER);
            assertThat(guest.run("mkdir -p /cd; mount -t iso9660 -o ro /dev/sr0 /cd && cat /cd/hello.txt"))
                    .contains("the first disc");
            CdromDrive drive = guest.vm().cdromDrives().getFirst();
            assertThat(drive.locked()).as("Linux locks a mounted drive").isTrue();
            assertThatThrownBy(() -> drive.eject(false)).isInstanceOf(IllegalStateException.class);

            assertThat(guest.run("cp /cd/eject /bin/cd-eject; chmod +x /bin/cd-eject; umount /cd; cd-eject; echo ejected=$?"))
                    .contains("ejected=0");
            Await.until(() -> drive.medium().isEmpty(), Duration.ofSeconds(30),
                    () -> "the guest's eject left " + drive.medium() + " in the drive: " + guest.tail());
            drive.insert(second);
            // Suspended and resumed with the disc change not yet seen: the new disc and the pending attention stay.
            guest.vm().suspendTo(dir.resolve("saved"));
            guest.vm().resumeFrom(dir.resolve("saved"));
            assertThat(guest.vm().cdromDrives().getFirst().medium()).contains(second);
            assertThat(guest.run("mount -t iso9660 -o ro /dev/sr0 /cd && cat /cd/hello.txt; umount /cd"))
                    .contains("the second disc");
            assertThat(guest.run("dd if=/dev/sda bs=4096 skip=1 count=1 2>/dev/null | head -c " + MARKER.length()))
                    .as("the disk after the resume").contains(MARKER);
        }
    }

    /** An ISO 9660 image with Rock Ridge names holding hello.txt with {@code text}, and {@code program} as eject. */
    private Path iso(Path genisoimage, String name, String text, byte[] program) throws Exception {
        Path content = Files.createDirectories(dir.resolve(name));
        Files.writeString(content.resolve("hello.txt"), text + "\n");
        if (program.length > 0) {
            Files.write(content.resolve("eject"), program);
        }
        Path iso = dir.resolve(name + ".iso");
        Process p = new ProcessBuilder(genisoimage.toString(), "-quiet", "-r", "-V", name, "-o", iso.toString(),
                content.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("genisoimage: " + output).isZero();
        return iso;
    }

    /**
     * The guest's {@code eject}, which the tiny appliance's busybox lacks: a static RV64 Linux program that opens
     * /dev/sr0 without waiting for a disc, asks the CD-ROM driver to eject it (CDROMEJECT: unlock, then START STOP
     * UNIT with LoEj) and exits with the ioctl's error number (0 on success).
     */
    private static byte[] ejectProgram() {
        int pathOffset = 120, codeOffset = 136;
        long base = 0x10000;
        byte[] code = new Asm().auipc(Asm.A1, 0).addi(Asm.A1, Asm.A1, pathOffset - codeOffset)
                .li(Asm.A0, -100).li(Asm.A2, 0x800).li(Asm.A3, 0).li(Asm.A7, 56).ecall() // openat(AT_FDCWD, path, O_NONBLOCK)
                .li(Asm.A1, 0x5309).li(Asm.A2, 0).li(Asm.A7, 29).ecall() // ioctl(fd, CDROMEJECT, 0)
                .sub(Asm.A0, Asm.ZERO, Asm.A0).li(Asm.A7, 93).ecall() // exit(-result)
                .bytes();
        ByteBuffer elf = ByteBuffer.allocate(codeOffset + code.length).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        elf.putShort((short) 2).putShort((short) 243).putInt(1).putLong(base + codeOffset).putLong(64).putLong(0)
                .putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0);
        elf.putInt(1).putInt(5).putLong(0).putLong(base).putLong(base).putLong(elf.capacity()).putLong(elf.capacity())
                .putLong(0x1000);
        elf.put("/dev/sr0".getBytes(StandardCharsets.US_ASCII)).position(codeOffset);
        return elf.put(code).array();
    }
}
