package io.vireo.engine.boot.disk;

import io.vireo.engine.boot.KernelImage;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.QemuImg;
import io.vireo.engine.storage.chain.DiskChain;
import io.vireo.engine.testing.Ext4Image;
import io.vireo.engine.testing.PartitionedDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Finds the kernel, initrd and command line on disks laid out as distributions lay them out: extlinux.conf,
 * Debian's versioned kernels in /boot, partitioned disks, a kernel replaced between boots.
 */
class DiskBootTest {
    private static final UUID ID = UUID.fromString("6a1e2d3c-4b5a-4f69-8e7d-112233445566");
    private static final String CONSOLE = "console=tty0 console=ttyS0 earlycon=sbi";

    @TempDir
    Path dir;

    /** A distinguishable kernel: a valid Image header around {@code marker}. */
    private static byte[] kernel(String marker) {
        return KernelImage.wrapBareMetal(Arrays.copyOf(marker.getBytes(StandardCharsets.US_ASCII), 64));
    }

    private Path tree(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name).resolve("boot"));
    }

    private Path image(Path boot) throws Exception {
        Path tree = boot.getParent();
        return Ext4Image.make(dir.resolve(tree.getFileName() + ".raw"), tree, 8, ID);
    }

    private BootFiles find(Path image) throws IOException {
        try (DiskImage disk = DiskChain.open(image, true)) {
            return DiskBoot.find(disk, "disk 1");
        }
    }

    @Test
    void extlinuxConfsDefaultLabelChoosesKernelInitrdsAndCommandLine() throws Exception {
        Path boot = tree("extlinux");
        Files.write(boot.resolve("vmlinuz-old"), kernel("old"));
        Files.write(boot.resolve("vmlinuz-chosen"), kernel("chosen"));
        Files.writeString(boot.resolve("microcode.img"), "first part ");
        Files.writeString(Files.createDirectories(boot.resolve("extlinux")).resolve("initrd.img"), "second part");
        Files.writeString(boot.resolve("extlinux/extlinux.conf"), """
                # written by hand
                MENU TITLE boot menu
                TIMEOUT 50
                DEFAULT debian

                LABEL rescue
                    LINUX /boot/vmlinuz-old
                    APPEND single

                label debian
                    menu label Debian
                    kernel ../vmlinuz-chosen
                    initrd /boot/microcode.img,initrd.img
                    fdtdir /usr/lib/linux-image/
                    append root=LABEL=root ro quiet
                """);

        BootFiles found = find(image(boot));

        assertThat(found.kernel()).isEqualTo(kernel("chosen"));
        assertThat(found.initrd()).asString().isEqualTo("first part second part");
        assertThat(found.commandLine()).isEqualTo("root=LABEL=root ro quiet");
        assertThat(found.origin()).isEqualTo("label debian of /boot/extlinux/extlinux.conf on disk 1 (ext4)");
    }

    @Test
    void withoutExtlinuxTheNewestDebianKernelBootsWithItsInitrdAndTheFilesystemAsRoot() throws Exception {
        Path boot = tree("debian");
        for (String version : List.of("6.1.0-9-riscv64", "6.10.0-1-riscv64", "6.10.0~rc7-riscv64", "6.9.12-riscv64")) {
            Files.write(boot.resolve("vmlinuz-" + version), kernel(version));
            Files.writeString(boot.resolve("initrd.img-" + version), "initrd " + version);
        }
        // A gzip-compressed kernel is inflated; a half-written dpkg file is never chosen.
        Files.write(boot.resolve("vmlinuz-6.10.0-1-riscv64"), gzip(kernel("6.10.0-1-riscv64")));
        Files.write(boot.resolve("vmlinuz-7.0.0-riscv64.dpkg-new"), kernel("half written"));
        Files.createSymbolicLink(boot.getParent().resolve("vmlinuz"), Path.of("boot/vmlinuz-6.1.0-9-riscv64"));

        BootFiles found = find(image(boot));

        assertThat(found.kernel()).isEqualTo(kernel("6.10.0-1-riscv64"));
        assertThat(found.initrd()).asString().isEqualTo("initrd 6.10.0-1-riscv64");
        assertThat(found.commandLine()).isEqualTo("root=UUID=" + ID + " rw " + CONSOLE);
        assertThat(found.origin()).isEqualTo("/boot/vmlinuz-6.10.0-1-riscv64 on disk 1 (ext4)");
    }

    @Test
    void debianRiscv64sUncompressedVmlinuxIsFoundToo() throws Exception {
        Path boot = tree("riscv64");
        Files.write(boot.resolve("vmlinux-7.2.13+deb14-riscv64"), kernel("7.2.13"));
        Files.writeString(boot.resolve("initrd.img-7.2.13+deb14-riscv64"), "initrd 7.2.13");
        Files.write(boot.resolve("vmlinuz-7.1.0-riscv64"), kernel("7.1.0"));

        BootFiles found = find(image(boot));

        assertThat(found.kernel()).isEqualTo(kernel("7.2.13"));
        assertThat(found.initrd()).asString().isEqualTo("initrd 7.2.13");
        assertThat(found.origin()).isEqualTo("/boot/vmlinux-7.2.13+deb14-riscv64 on disk 1 (ext4)");
    }

    @Test
    void aKernelInstalledIntoTheDisksOverlayIsTheOneTheNextBootFinds() throws Exception {
        Path boot = tree("before");
        Files.write(boot.resolve("vmlinuz-6.1.0-9-riscv64"), kernel("6.1.0-9"));
        Path before = image(boot);
        Path base = dir.resolve("base.qcow2");
        QemuImg.ok("qemu-img", "convert", "-O", "qcow2", before.toString(), base.toString());
        Path top = dir.resolve("top.qcow2");
        QemuImg.ok("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(), top.toString());
        assertThat(find(top).kernel()).isEqualTo(kernel("6.1.0-9"));

        // The guest installs a newer kernel: its writes land in the top image, over the unchanged base.
        Path upgraded = tree("after");
        Files.write(upgraded.resolve("vmlinuz-6.1.0-9-riscv64"), kernel("6.1.0-9"));
        Files.write(upgraded.resolve("vmlinuz-6.1.0-10-riscv64"), kernel("6.1.0-10"));
        writeChangedSectors(image(upgraded), top);

        BootFiles found = find(top);
        assertThat(found.kernel()).isEqualTo(kernel("6.1.0-10"));
        assertThat(found.initrd()).as("no initrd beside it").isEmpty();
    }

    @Test
    void onAPartitionedDiskTheFirstPartitionWithBootFilesIsUsed() throws Exception {
        Path firmware = Files.write(dir.resolve("firmware.bin"), new byte[1 << 20]);
        Path empty = image(tree("empty"));
        Path boot = tree("system");
        Files.write(boot.resolve("vmlinuz-6.1.0-9-riscv64"), kernel("partitioned"));
        Path system = image(boot);
        for (PartitionedDisk.Table table : PartitionedDisk.Table.values()) {
            Path disk = PartitionedDisk.write(dir.resolve("disk." + table), table, List.of(firmware, empty, system));

            BootFiles found = find(disk);

            assertThat(found.kernel()).as(table.name()).isEqualTo(kernel("partitioned"));
            assertThat(found.origin()).isEqualTo("/boot/vmlinuz-6.1.0-9-riscv64 on disk 1 (ext4, partition 3)");
        }
    }

    @Test
    void aDiskWithoutKernelsSaysWhatWasLookedForAndWhere() throws Exception {
        Path empty = image(tree("empty"));
        assertThatThrownBy(() -> find(empty)).isInstanceOf(DiskBootException.class).hasMessage(
                "no /boot/extlinux/extlinux.conf, no /extlinux/extlinux.conf and no /boot/vmlinuz-* or /boot/vmlinux-* on disk 1 (ext4)");

        Path disk = PartitionedDisk.write(dir.resolve("disk"), PartitionedDisk.Table.GPT, List.of(empty, empty));
        assertThatThrownBy(() -> find(disk)).hasMessage("no /boot/extlinux/extlinux.conf, no /extlinux/extlinux.conf"
                + " and no /boot/vmlinuz-* or /boot/vmlinux-* on disk 1 (ext4, partition 1; ext4, partition 2)");

        Path blank = Files.write(dir.resolve("blank.raw"), new byte[1 << 20]);
        assertThatThrownBy(() -> find(blank)).hasMessage("disk 1 holds no ext2/3/4 filesystem, and no partition table");
    }

    @Test
    void aFileThatIsNoKernelOrAConfigNamingAMissingFileIsNamedInTheError() throws Exception {
        Path boot = tree("garbage");
        Files.writeString(boot.resolve("vmlinuz-1.0"), "#!/bin/sh\n" + "echo not a kernel\n".repeat(10));
        assertThatThrownBy(() -> find(image(boot))).isInstanceOf(DiskBootException.class).hasMessage(
                "/boot/vmlinuz-1.0 on disk 1 (ext4) is not a RISC-V kernel Image (no RISCV/RSC magic in its header)");

        Path configured = tree("configured");
        Files.writeString(Files.createDirectories(configured.resolve("extlinux")).resolve("extlinux.conf"),
                "default linux\nlabel linux\nlinux /boot/vmlinuz-gone\n");
        assertThatThrownBy(() -> find(image(configured))).hasMessage(
                "/boot/extlinux/extlinux.conf on disk 1 (ext4) names /boot/vmlinuz-gone, which is not a file there");
    }

    @Test
    void theFoundFilesAreWrittenForTheEngineToLoad() throws Exception {
        Path boot = tree("written");
        Files.write(boot.resolve("vmlinuz-2"), kernel("two"));
        Files.writeString(boot.resolve("initrd.img-2"), "initrd two");
        Path kernelFile = dir.resolve("vm.Image");
        Path initrdFile = dir.resolve("vm.initrd");

        Optional<Path> initrd = find(image(boot)).writeTo(kernelFile, initrdFile);

        assertThat(KernelImage.read(kernelFile).bytes()).isEqualTo(kernel("two"));
        assertThat(initrd).contains(initrdFile);
        assertThat(initrdFile).hasContent("initrd two");
        Files.delete(boot.resolve("initrd.img-2"));
        Files.delete(dir.resolve("written.raw"));
        assertThat(find(image(boot)).writeTo(kernelFile, initrdFile)).as("no initrd on the disk now").isEmpty();
        assertThat(initrdFile).as("no stale initrd of the boot before").doesNotExist();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** Writes into {@code top} the sectors where {@code changed} differs from what {@code top} reads now. */
    private static void writeChangedSectors(Path changed, Path top) throws IOException {
        byte[] wanted = Files.readAllBytes(changed);
        try (DiskImage disk = DiskChain.open(top, Optional.of(ImageFormat.QCOW2), false)) {
            ByteBuffer sector = ByteBuffer.allocate(512);
            for (int at = 0; at < wanted.length; at += 512) {
                disk.read(at, sector.clear());
                if (!Arrays.equals(sector.array(), 0, 512, wanted, at, at + 512)) {
                    disk.write(at, ByteBuffer.wrap(wanted, at, 512));
                }
            }
            disk.flush();
        }
    }
}
