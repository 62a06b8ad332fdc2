package io.vireo.engine.storage.ext4;

import io.vireo.engine.storage.BlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The byte range of a disk that holds one filesystem (the whole disk or a partition), read in filesystem
 * blocks. Every read is checked against the range, so a block number from the filesystem's own metadata can
 * never reach past it.
 */
final class Volume {
    private final BlockDevice disk;
    private final long start;
    private final long length;
    private final String name;
    private int blockSize = 1024;

    Volume(BlockDevice disk, long start, long length, String name) {
        this.disk = disk;
        this.start = start;
        this.length = length;
        this.name = name;
    }

    String name() {
        return name;
    }

    long length() {
        return length;
    }

    void useBlockSize(int blockSize) {
        this.blockSize = blockSize;
    }

    int blockSize() {
        return blockSize;
    }

    /** {@code count} bytes at byte {@code offset} of the volume, little-endian. */
    ByteBuffer bytes(long offset, int count) throws IOException {
        byte[] into = new byte[count];
        read(offset, into, 0, count);
        return ByteBuffer.wrap(into).order(ByteOrder.LITTLE_ENDIAN);
    }

    ByteBuffer block(long block) throws IOException {
        return bytes(blockOffset(block, 1), blockSize);
    }

    /** Fills {@code into[at, at + count)} from byte {@code offset} of the volume. */
    void read(long offset, byte[] into, int at, int count) throws IOException {
        if (offset < 0 || offset > length || count > length - offset) {
            throw new FilesystemException("%s: metadata points at bytes [%d, +%d), past the end of its %d-byte volume"
                    .formatted(name, offset, count, length));
        }
        disk.read(start + offset, ByteBuffer.wrap(into, at, count));
    }

    /** The byte offset of {@code count} blocks starting at {@code block}, refused when they lie past the end. */
    long blockOffset(long block, long count) throws FilesystemException {
        long blocks = length / blockSize;
        if (block < 0 || count < 0 || block > blocks || count > blocks - block) {
            throw new FilesystemException("%s: metadata points at blocks [%d, +%d), past the end of its %d-block volume"
                    .formatted(name, block, count, blocks));
        }
        return block * blockSize;
    }
}
