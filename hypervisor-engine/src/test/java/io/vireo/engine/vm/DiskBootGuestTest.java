package io.vireo.engine.vm;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.QemuImg;
import io.vireo.engine.testing.Ext4Image;
import io.vireo.engine.testing.GuestShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tiny appliance installed on an ext4 disk the way Debian installs a kernel (a gzip-compressed
 * {@code /boot/vmlinuz-VERSION} beside {@code /boot/initrd.img-VERSION}) boots from that disk alone; a boot
 * configuration the guest itself writes into its {@code /boot} decides its next boot.
 */
class DiskBootGuestTest {
    private static final UUID ID = UUID.fromString("d15cb007-0000-4000-8000-000000000001");

    @TempDir
    Path dir;

    @Test
    void theTinyApplianceBootsFromItsDiskAndTheGuestsOwnExtlinuxConfChoosesItsNextBoot() throws Exception {
        Appliance tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
        String version = tiny.kernelVersion();
        Path boot = Files.createDirectories(dir.resolve("tree/boot"));
        gzip(tiny.kernel(), boot.resolve("vmlinuz-" + version));
        Files.copy(tiny.initrd(), boot.resolve("initrd.img-" + version));
        Path raw = Ext4Image.make(dir.resolve("root.raw"), dir.resolve("tree"), 96, ID);
        Path disk = dir.resolve("root.qcow2");
        QemuImg.ok("qemu-img", "convert", "-O", "qcow2", raw.toString(), disk.toString());
        Files.delete(raw);
        VmSpec spec = new VmSpec("disk-boot", 1, 512L << 20, dir.resolve("boot.Image"), dir.resolve("boot.initrd"),
                "vireo.hostname=from-disk", List.of(new DeviceSpec.Disk(disk, ImageFormat.QCOW2, false)), null, true);

        try (GuestShell shell = GuestShell.start(spec).awaitPrompt()) {
            assertThat(shell.run("cat /proc/cmdline")).as("the disk's root, the appliance console, the VM's own")
                    .contains("root=UUID=" + ID + " rw console=tty0 console=ttyS0 earlycon=sbi vireo.hostname=from-disk");

            shell.run("mkdir -p /mnt && mount /dev/vda /mnt && mkdir -p /mnt/boot/extlinux"
                    + " && echo 'default next' > /mnt/boot/extlinux/extlinux.conf"
                    + " && echo 'label next' >> /mnt/boot/extlinux/extlinux.conf"
                    + " && echo 'linux ../vmlinuz-" + version + "' >> /mnt/boot/extlinux/extlinux.conf"
                    + " && echo 'initrd /boot/initrd.img-" + version + "' >> /mnt/boot/extlinux/extlinux.conf"
                    + " && echo 'append console=ttyS0 vireo.chosen=by-the-guest' >> /mnt/boot/extlinux/extlinux.conf"
                    + " && umount /mnt");
            shell.type("reboot");
            shell.awaitPrompt();

            assertThat(shell.run("cat /proc/cmdline")).as("the guest's extlinux.conf, read at its reboot")
                    .contains("console=ttyS0 vireo.chosen=by-the-guest vireo.hostname=from-disk");
        }
    }

    private static void gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to), 1 << 16)) {
            Files.copy(from, out);
        }
    }
}
