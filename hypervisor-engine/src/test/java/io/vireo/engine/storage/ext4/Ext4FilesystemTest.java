package io.vireo.engine.storage.ext4;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.QemuImg;
import io.vireo.engine.storage.chain.DiskChain;
import io.vireo.engine.testing.Ext4Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads filesystems made by e2fsprogs, through a qcow2 image, as a boot loader would. */
class Ext4FilesystemTest {
    private static final UUID ID = UUID.fromString("0f3c1b8e-8d51-4c36-9a87-0c2f4c7a1e55");

    @TempDir
    Path dir;

    private byte[] big;

    private Path tree() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Path boot = Files.createDirectories(tree.resolve("boot/extlinux"));
        big = new byte[3 << 20];
        new Random(7).nextBytes(big);
        Files.write(tree.resolve("boot/big.bin"), big);
        Files.writeString(boot.resolve("extlinux.conf"), "default l0\n");
        Files.createSymbolicLink(tree.resolve("vmlinuz"), Path.of("boot/big.bin"));
        Files.createSymbolicLink(tree.resolve("boot/absolute"), Path.of("/boot/extlinux/../big.bin"));
        Files.createSymbolicLink(tree.resolve("boot/long"), Path.of("/boot" + "/extlinux/..".repeat(8) + "/big.bin"));
        Files.createSymbolicLink(tree.resolve("loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(tree.resolve("loop-b"), Path.of("/loop-a"));
        Path many = Files.createDirectories(tree.resolve("many"));
        for (int i = 0; i < 300; i++) {
            Files.writeString(many.resolve("entry-with-a-long-name-" + i), Integer.toString(i));
        }
        return tree;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ext4", "ext4-1k", "ext3", "ext2"})
    void readsFilesDirectoriesAndSymlinksThroughAQcow2Image(String kind) throws Exception {
        String[] options = switch (kind) {
            case "ext4-1k" -> new String[] {"-b", "1024"};
            case "ext4" -> new String[] {"-O", "64bit"};
            // 1 KiB blocks: the 3 MiB file reaches through the block map's double indirect block.
            case "ext2" -> new String[] {"-t", "ext2", "-b", "1024"};
            default -> new String[] {"-t", kind};
        };
        Path raw = Ext4Image.make(dir.resolve("fs.raw"), tree(), 16, ID, options);
        Path qcow2 = dir.resolve("fs.qcow2");
        QemuImg.ok("qemu-img", "convert", "-O", "qcow2", raw.toString(), qcow2.toString());
        try (DiskImage disk = DiskChain.open(qcow2, true)) {
            Ext4Filesystem fs = Ext4Filesystem.open(disk, 0, disk.size(), "disk 1");

            assertThat(fs.uuid()).isEqualTo(ID);
            assertThat(fs.kind()).isEqualTo(kind.startsWith("ext4") ? "ext4" : kind);
            assertThat(fs.read("/boot/big.bin", 4 << 20)).isEqualTo(big);
            assertThat(fs.read("/vmlinuz", 4 << 20)).as("a relative fast symlink").isEqualTo(big);
            assertThat(fs.read("/boot/absolute", 4 << 20)).as("an absolute symlink through ..").isEqualTo(big);
            assertThat(fs.read("/boot/long", 4 << 20)).as("a slow symlink").isEqualTo(big);
            assertThat(new String(fs.read("/boot/extlinux/extlinux.conf", 4096), StandardCharsets.UTF_8))
                    .isEqualTo("default l0\n");
            assertThat(fs.list("/many")).hasSize(300).contains("entry-with-a-long-name-299");
            assertThat(fs.read("/many/entry-with-a-long-name-123", 16)).asString().isEqualTo("123");
            assertThat(fs.isFile("/boot")).isFalse();
            assertThat(fs.isFile("/boot/missing")).isFalse();
            assertThat(fs.list("/nowhere")).isEmpty();
        }
    }

    @Test
    void symlinkLoopsAndOversizedFilesAreRefusedByName() throws Exception {
        Path raw = Ext4Image.make(dir.resolve("fs.raw"), tree(), 16, ID);
        try (DiskImage disk = DiskChain.open(raw, true)) {
            Ext4Filesystem fs = Ext4Filesystem.open(disk, 0, disk.size(), "disk 2");

            assertThatThrownBy(() -> fs.read("/loop-a", 100)).isInstanceOf(FilesystemException.class)
                    .hasMessage("disk 2: more than 40 symlinks met looking up /loop-a (a loop?)");
            assertThatThrownBy(() -> fs.read("/boot/big.bin", 1 << 20)).isInstanceOf(FilesystemException.class)
                    .hasMessage("disk 2: /boot/big.bin is 3 MiB, more than the 1 MiB allowed");
            assertThatThrownBy(() -> fs.read("/boot", 1 << 20)).hasMessage("disk 2: /boot is not a regular file");
        }
    }

    @Test
    void aDiskWithoutAnExtFilesystemIsNamedAsSuch() throws Exception {
        Path raw = dir.resolve("zeros.raw");
        Files.write(raw, new byte[1 << 20]);
        try (DiskImage disk = DiskChain.open(raw, true)) {
            assertThat(Ext4Filesystem.present(disk, 0, disk.size())).isFalse();
            assertThatThrownBy(() -> Ext4Filesystem.open(disk, 0, disk.size(), "disk 1"))
                    .isInstanceOf(FilesystemException.class)
                    .hasMessage("disk 1 holds no ext2/3/4 filesystem (no 0xEF53 magic in its superblock)");
        }
    }
}
