package io.vireo.engine.storage.ext4;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.storage.BlockDevice;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.testing.AllocationBound;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fuzz target: the hand-built filesystem with fuzzer-chosen bytes written over its superblock, group
 * descriptor, inode table, root directory and the free blocks tree nodes may point at. Opening it and looking
 * up, listing and reading files ends normally or in an {@link ImageException} (a {@link FilesystemException}
 * for the filesystem's own structures), and allocates little more than the 64 KiB volume a few times over.
 */
class Ext4FuzzTest {
    private static final int[] METADATA_BLOCKS = {1, 2, 4, 5, 8, 9, 10, 11, 12, 20};

    @FuzzTest(maxDuration = "5m")
    void openLookUpAndRead(FuzzedDataProvider data) {
        HandBuiltExt4 image = new HandBuiltExt4();
        int pokes = data.consumeInt(1, 16);
        for (int i = 0; i < pokes; i++) {
            int block = METADATA_BLOCKS[data.consumeInt(0, METADATA_BLOCKS.length - 1)];
            int at = block * HandBuiltExt4.BLOCK + data.consumeInt(0, HandBuiltExt4.BLOCK - 4);
            image.bytes.putInt(at, data.consumeBoolean() ? data.consumeInt() : data.consumeInt(0, 64));
        }
        ByteBuffer disk = ByteBuffer.wrap(image.bytes.array()).order(ByteOrder.LITTLE_ENDIAN);
        AllocationBound.check(8L * disk.capacity() + (1 << 20), ImageException.class, () -> {
            Ext4Filesystem fs = Ext4Filesystem.open(new MemoryDisk(disk), 0, disk.capacity(), "disk 1");
            fs.list("/");
            fs.isFile("/file");
            fs.read("/file", 1 << 20);
        });
    }

    /** The image in memory, so a fuzz input costs no file. */
    private record MemoryDisk(ByteBuffer bytes) implements BlockDevice {
        @Override
        public long size() {
            return bytes.capacity();
        }

        @Override
        public boolean readOnly() {
            return true;
        }

        @Override
        public void read(long offset, ByteBuffer dst) {
            dst.put(bytes.slice((int) offset, dst.remaining()));
        }

        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public void flush() {
        }

        @Override
        public void discard(long offset, long length) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public void writeZeroes(long offset, long length) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public void close() {
        }
    }
}
