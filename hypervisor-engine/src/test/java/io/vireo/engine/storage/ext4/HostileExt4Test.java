package io.vireo.engine.storage.ext4;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.vireo.engine.storage.ext4.HandBuiltExt4.BLOCK;
import static io.vireo.engine.storage.ext4.HandBuiltExt4.FILE;
import static io.vireo.engine.storage.ext4.HandBuiltExt4.ROOT_DIRECTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A filesystem is whatever bytes the guest (or whoever made the image) wrote: every broken or hostile
 * structure ends in one clear error naming the disk, never in a loop, a huge allocation or an exception from
 * deep inside the reader.
 */
class HostileExt4Test {
    @TempDir
    Path dir;

    private final HandBuiltExt4 image = new HandBuiltExt4();

    private void refused(String path, String message) {
        assertThatThrownBy(() -> image.open(dir).read(path, 1 << 20))
                .isInstanceOf(FilesystemException.class).hasMessage(message);
    }

    @Test
    void theHandBuiltFilesystemReadsAsBuilt() throws Exception {
        assertThat(image.open(dir).read("/file", 100)).asString().isEqualTo("hello from a hand-built disk");
    }

    @Test
    void anIncompatibleFeatureItDoesNotKnowIsRefusedByName() {
        image.bytes.putInt(1024 + 0x60, 0x2 | 0x40 | 0x8000 | 0x10);
        assertThatThrownBy(() -> image.open(dir)).isInstanceOf(FilesystemException.class)
                .hasMessage("disk 1: the filesystem uses the features meta_bg, inline_data, which this reader does not support");
    }

    @Test
    void anImplausibleBlockSizeIsRefused() {
        image.bytes.putInt(1024 + 0x18, 40);
        assertThatThrownBy(() -> image.open(dir)).hasMessage("disk 1: implausible block size 2^(10+40)");
    }

    @Test
    void anExtentTreeNodePointingAtItselfIsRefusedNotFollowed() {
        int root = image.inode(FILE) + 0x28;
        image.header(root, 1, 4, 1);
        image.index(root + 12, 0, 10);
        image.header(10 * BLOCK, 1, 84, 1);
        image.index(10 * BLOCK + 12, 0, 10);
        refused("/file", "disk 1: inode 12 has an extent tree node at depth 1 below one at depth 1");
    }

    @Test
    void indexEntriesThatAllPointAtTheSameLeafAreCaughtAsOverlap() {
        int root = image.inode(FILE) + 0x28;
        image.header(root, 4, 4, 1);
        for (int i = 0; i < 4; i++) {
            image.index(root + 12 + 12 * i, 0, 10);
        }
        image.header(10 * BLOCK, 1, 84, 0);
        image.extent(10 * BLOCK + 12, 0, HandBuiltExt4.FILE_DATA, 1);
        refused("/file", "disk 1: inode 12 maps more blocks than its 28 bytes (overlapping extents)");
    }

    @Test
    void anExtentPastTheEndOfTheDiskIsRefused() {
        image.extentLeaf(FILE, 1L << 40, 1);
        refused("/file", "disk 1: metadata points at blocks [1099511627776, +1), past the end of its 64-block volume");
    }

    @Test
    void anExtentTreeDeeperThanExt4AllowsIsRefused() {
        image.header(image.inode(FILE) + 0x28, 1, 4, 9);
        refused("/file", "disk 1: inode 12 has an extent tree node at depth 9");
    }

    @Test
    void aHugeFileIsRefusedBeforeAnythingIsAllocated() {
        image.inode(FILE, 0x81A4, 1L << 50);
        image.extentLeaf(FILE, HandBuiltExt4.FILE_DATA, 1);
        refused("/file", "disk 1: /file is 1073741824 MiB, more than the 1 MiB allowed");
    }

    @Test
    void aDirectoryEntryWithAZeroRecordLengthIsRefusedNotLoopedOn() {
        image.bytes.putShort(ROOT_DIRECTORY * BLOCK + 4, (short) 0);
        refused("/file", "disk 1 (inode 2): a broken directory entry at byte 0 (record length 0, name length 1)");
    }

    @Test
    void aDirectoryEntryNamingAnInodeThatDoesNotExistIsRefused() {
        image.bytes.putInt(ROOT_DIRECTORY * BLOCK + 24, 99_999);
        refused("/file", "disk 1: a directory names inode 99999, which does not exist");
    }

    @Test
    void anInodeTablePastTheEndOfTheDiskIsRefused() {
        image.bytes.putInt(2 * BLOCK + 0x08, 1 << 30);
        refused("/file", "disk 1: metadata points at blocks [1073741824, +1), past the end of its 64-block volume");
    }

    @Test
    void aBlockMapWhoseIndirectBlockPointsAtItselfEndsWithTheFile() throws Exception {
        image.inode(FILE, 0x81A4, 60L * BLOCK);
        image.bytes.putInt(image.inode(FILE) + 0x20, 0);
        int map = image.inode(FILE) + 0x28;
        image.bytes.put(map, new byte[60]);
        image.bytes.putInt(map + 12 * 4, 20);
        for (int i = 0; i < BLOCK / 4; i++) {
            image.bytes.putInt(20 * BLOCK + 4 * i, 20);
        }
        assertThat(image.open(dir).read("/file", 1 << 20)).hasSize(60 * BLOCK);
    }

    @Test
    void aDirectoryClaimingMoreBytesThanTheVolumeIsRefusedBeforeItIsAllocated() {
        image.inode(HandBuiltExt4.ROOT, 0x41ED, 60L << 20);
        image.extentLeaf(HandBuiltExt4.ROOT, ROOT_DIRECTORY, 1);
        refused("/file", "disk 1: inode 2 on the way to /file claims 62914560 bytes, more than its whole volume");
    }

    @Test
    void aSymlinkClaimingAHugeTargetIsRefused() {
        image.inode(FILE, 0xA1FF, 1 << 20);
        refused("/file", "disk 1: a symlink on the way to /file is 1048576 bytes long");
    }
}
