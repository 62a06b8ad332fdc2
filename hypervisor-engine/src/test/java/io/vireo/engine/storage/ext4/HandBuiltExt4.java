package io.vireo.engine.storage.ext4;

import io.vireo.engine.storage.BlockDevice;
import io.vireo.engine.storage.raw.RawImage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A 64 KiB ext4 filesystem written byte by byte, so a test can break exactly one field: 1 KiB blocks, one
 * group, 16 inodes of 128 bytes. Block 1 is the superblock, 2 the group descriptor, 4-5 the inode table, 8
 * the root directory (".", "..", and "file", inode 12), 9 the data of "file"; blocks 10 and up are free for
 * a test's own tree nodes.
 */
final class HandBuiltExt4 {
    static final int BLOCK = 1024, BLOCKS = 64;
    static final int INODE_TABLE = 4, ROOT_DIRECTORY = 8, FILE_DATA = 9;
    static final int ROOT = 2, FILE = 12;
    static final long EXTENTS = 0x80000;

    final ByteBuffer bytes = ByteBuffer.allocate(BLOCK * BLOCKS).order(ByteOrder.LITTLE_ENDIAN);

    HandBuiltExt4() {
        int sb = 1024;
        bytes.putInt(sb, 16);                 // inodes
        bytes.putInt(sb + 0x04, BLOCKS);
        bytes.putInt(sb + 0x14, 1);           // first data block
        bytes.putInt(sb + 0x18, 0);           // 1 KiB blocks
        bytes.putInt(sb + 0x20, 8192);
        bytes.putInt(sb + 0x28, 16);
        bytes.putShort(sb + 0x38, (short) 0xEF53);
        bytes.putInt(sb + 0x4C, 1);
        bytes.putShort(sb + 0x58, (short) 128);
        bytes.putInt(sb + 0x60, 0x2 | 0x40);  // filetype, extents
        bytes.putInt(2 * BLOCK + 0x08, INODE_TABLE);

        inode(ROOT, 0x41ED, BLOCK);
        extentLeaf(ROOT, ROOT_DIRECTORY, 1);
        int dir = ROOT_DIRECTORY * BLOCK;
        dirent(dir, ROOT, 12, ".");
        dirent(dir + 12, ROOT, 12, "..");
        dirent(dir + 24, FILE, BLOCK - 24, "file");

        byte[] text = "hello from a hand-built disk".getBytes(StandardCharsets.US_ASCII);
        bytes.put(FILE_DATA * BLOCK, text);
        inode(FILE, 0x81A4, text.length);
        extentLeaf(FILE, FILE_DATA, 1);
    }

    /** Byte offset of inode {@code n} in the image. */
    int inode(int n) {
        return INODE_TABLE * BLOCK + (n - 1) * 128;
    }

    void inode(int n, int mode, long size) {
        bytes.putShort(inode(n), (short) mode);
        bytes.putInt(inode(n) + 0x04, (int) size);
        bytes.putInt(inode(n) + 0x6C, (int) (size >>> 32));
        bytes.putInt(inode(n) + 0x20, (int) EXTENTS);
    }

    /** Inode {@code n}'s extent root: a leaf with one extent of {@code count} blocks at {@code block}. */
    void extentLeaf(int n, long block, int count) {
        int at = inode(n) + 0x28;
        header(at, 1, 4, 0);
        extent(at + 12, 0, block, count);
    }

    void header(int at, int entries, int max, int depth) {
        bytes.putShort(at, (short) 0xF30A);
        bytes.putShort(at + 2, (short) entries);
        bytes.putShort(at + 4, (short) max);
        bytes.putShort(at + 6, (short) depth);
    }

    void extent(int at, int logical, long block, int count) {
        bytes.putInt(at, logical);
        bytes.putShort(at + 4, (short) count);
        bytes.putShort(at + 6, (short) (block >>> 32));
        bytes.putInt(at + 8, (int) block);
    }

    void index(int at, int logical, long block) {
        bytes.putInt(at, logical);
        bytes.putInt(at + 4, (int) block);
        bytes.putShort(at + 8, (short) (block >>> 32));
    }

    void dirent(int at, int inode, int recordLength, String name) {
        bytes.putInt(at, inode);
        bytes.putShort(at + 4, (short) recordLength);
        bytes.put(at + 6, (byte) name.length());
        bytes.put(at + 7, (byte) 1);
        bytes.put(at + 8, name.getBytes(StandardCharsets.US_ASCII));
    }

    /** The image as a disk, in a raw file under {@code dir}. */
    BlockDevice disk(Path dir) throws IOException {
        Path file = Files.write(Files.createTempFile(dir, "hand-built", ".raw"), bytes.array());
        return RawImage.open(file, true);
    }

    Ext4Filesystem open(Path dir) throws IOException {
        BlockDevice disk = disk(dir);
        return Ext4Filesystem.open(disk, 0, disk.size(), "disk 1");
    }
}
