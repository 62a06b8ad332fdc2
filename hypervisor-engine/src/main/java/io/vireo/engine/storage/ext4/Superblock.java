package io.vireo.engine.storage.ext4;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ext2/3/4 superblock (1024 bytes at byte 1024 of the volume, little-endian), checked: what this reader
 * needs is read, implausible values are refused, and so is every incompatible feature it does not understand
 * (reading past one would return wrong bytes, not an error). Read-only-compatible features never matter to a
 * reader.
 */
record Superblock(long blocksCount, long firstDataBlock, int blockSize, long blocksPerGroup, long inodesPerGroup,
                  long inodesCount, int inodeSize, int descriptorSize, long incompatible, UUID uuid, String kind) {
    static final int OFFSET = 1024, SIZE = 1024;
    static final int MAGIC = 0xEF53;

    static final long INCOMPAT_FILETYPE = 0x2, INCOMPAT_EXTENTS = 0x40, INCOMPAT_64BIT = 0x80;
    private static final long COMPAT_HAS_JOURNAL = 0x4;
    /** Features whose on-disk changes this reader follows, or which do not change how files are found and read. */
    private static final long UNDERSTOOD = INCOMPAT_FILETYPE
            | 0x4 // recover: the journal holds updates; /boot is read as last checkpointed, as a boot loader does
            | INCOMPAT_EXTENTS | INCOMPAT_64BIT
            | 0x100 // mmp: multi-mount protection, for writers
            | 0x200 // flex_bg: groups' metadata placed together; descriptors still say where
            | 0x400 // ea_inode: large extended attributes
            | 0x2000 // csum_seed
            | 0x4000 // largedir: deeper htrees, read linearly here
            | 0x10000 // encrypt: encrypted inodes are refused one by one
            | 0x20000; // casefold: a lookup by exact name still finds the name
    private static final Map<Long, String> NAMES = Map.of(0x1L, "compression", 0x8L, "journal_dev", 0x10L, "meta_bg",
            0x1000L, "dirdata", 0x8000L, "inline_data");

    static Superblock parse(ByteBuffer b, String volume) throws FilesystemException {
        if ((b.getShort(0x38) & 0xFFFF) != MAGIC) {
            throw new FilesystemException(volume + " holds no ext2/3/4 filesystem (no 0xEF53 magic in its superblock)");
        }
        long incompatible = b.getInt(0x60) & 0xFFFFFFFFL;
        long unknown = incompatible & ~UNDERSTOOD;
        if (unknown != 0) {
            throw new FilesystemException(volume + ": the filesystem uses " + names(unknown)
                    + ", which this reader does not support");
        }
        int logBlockSize = b.getInt(0x18);
        if (logBlockSize < 0 || logBlockSize > 6) {
            throw new FilesystemException(volume + ": implausible block size 2^(10+" + logBlockSize + ")");
        }
        int blockSize = 1024 << logBlockSize;
        boolean wide = (incompatible & INCOMPAT_64BIT) != 0;
        long blocksCount = (b.getInt(0x04) & 0xFFFFFFFFL) | (wide ? (b.getInt(0x150) & 0xFFFFFFFFL) << 32 : 0);
        long firstDataBlock = b.getInt(0x14) & 0xFFFFFFFFL;
        long blocksPerGroup = b.getInt(0x20) & 0xFFFFFFFFL;
        long inodesPerGroup = b.getInt(0x28) & 0xFFFFFFFFL;
        long inodesCount = b.getInt(0x00) & 0xFFFFFFFFL;
        int revision = b.getInt(0x4C);
        int inodeSize = revision == 0 ? 128 : b.getShort(0x58) & 0xFFFF;
        int descriptorSize = wide ? b.getShort(0xFE) & 0xFFFF : 32;
        if (blocksPerGroup == 0 || blocksPerGroup > 8L * blockSize || inodesPerGroup == 0
                || inodesPerGroup > 8L * blockSize || firstDataBlock >= blocksCount) {
            throw new FilesystemException("%s: implausible layout (%d blocks, %d per group, %d inodes per group, first data block %d)"
                    .formatted(volume, blocksCount, blocksPerGroup, inodesPerGroup, firstDataBlock));
        }
        if (inodeSize < 128 || inodeSize > blockSize || Integer.bitCount(inodeSize) != 1) {
            throw new FilesystemException(volume + ": implausible inode size " + inodeSize);
        }
        if (descriptorSize < 32 || descriptorSize > blockSize || Integer.bitCount(descriptorSize) != 1
                || (wide && descriptorSize < 64)) {
            throw new FilesystemException(volume + ": implausible group descriptor size " + descriptorSize);
        }
        UUID uuid = new UUID(ByteBuffer.wrap(b.array(), 0x68, 16).getLong(), ByteBuffer.wrap(b.array(), 0x70, 8).getLong());
        boolean journal = (b.getInt(0x5C) & COMPAT_HAS_JOURNAL) != 0;
        String kind = (incompatible & INCOMPAT_EXTENTS) != 0 || wide ? "ext4" : journal ? "ext3" : "ext2";
        return new Superblock(blocksCount, firstDataBlock, blockSize, blocksPerGroup, inodesPerGroup, inodesCount,
                inodeSize, descriptorSize, incompatible, uuid, kind);
    }

    long groupCount() {
        return Math.ceilDiv(blocksCount - firstDataBlock, blocksPerGroup);
    }

    boolean has(long incompatibleFeature) {
        return (incompatible & incompatibleFeature) != 0;
    }

    private static String names(long features) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            long feature = 1L << bit;
            if ((features & feature) != 0) {
                names.add(NAMES.getOrDefault(feature, "incompatible feature 0x" + Long.toHexString(feature)));
            }
        }
        return "the feature" + (names.size() > 1 ? "s " : " ") + String.join(", ", names);
    }
}
