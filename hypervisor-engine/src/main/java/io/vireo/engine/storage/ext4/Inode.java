package io.vireo.engine.storage.ext4;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The parts of an on-disk inode a reader needs: its type, size, flags and the 60-byte block area, which holds
 * an extent tree's root, the classic block map, or a short symlink's target.
 */
record Inode(long number, int mode, long size, int flags, byte[] blockArea) {
    static final int BLOCK_AREA = 60;
    private static final int TYPE_MASK = 0xF000, DIRECTORY = 0x4000, REGULAR = 0x8000, SYMLINK = 0xA000;
    static final int EXTENTS_FLAG = 0x80000;
    private static final int ENCRYPTED_FLAG = 0x800, INLINE_DATA_FLAG = 0x10000000;

    static Inode parse(long number, ByteBuffer b) {
        long size = (b.getInt(0x04) & 0xFFFFFFFFL) | (b.getInt(0x6C) & 0xFFFFFFFFL) << 32;
        return new Inode(number, b.getShort(0x00) & 0xFFFF, size, b.getInt(0x20),
                Arrays.copyOfRange(b.array(), 0x28, 0x28 + BLOCK_AREA));
    }

    boolean isDirectory() {
        return (mode & TYPE_MASK) == DIRECTORY;
    }

    boolean isRegularFile() {
        return (mode & TYPE_MASK) == REGULAR;
    }

    boolean isSymlink() {
        return (mode & TYPE_MASK) == SYMLINK;
    }

    boolean usesExtents() {
        return (flags & EXTENTS_FLAG) != 0;
    }

    /** Why this reader cannot read the inode's data, or null when it can. */
    String unreadable() {
        if ((flags & ENCRYPTED_FLAG) != 0) {
            return "is encrypted";
        }
        if ((flags & INLINE_DATA_FLAG) != 0) {
            return "keeps its data inline";
        }
        return null;
    }

    /**
     * A symlink whose target sits in the block area itself. A slow symlink of under 60 bytes is possible (a
     * symlink with extended attributes, or one written by another tool), so a block area that starts like an
     * extent tree is taken as one.
     */
    boolean isFastSymlink() {
        return isSymlink() && size < BLOCK_AREA && !(usesExtents() && ExtentTree.startsWithHeader(blockArea));
    }
}
