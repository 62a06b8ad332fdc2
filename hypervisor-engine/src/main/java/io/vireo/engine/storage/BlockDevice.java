package io.vireo.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a virtual disk controller needs from a disk: byte-addressed reads and writes of the guest-visible
 * (virtual) contents, whatever the image format and however long its backing chain.
 */
public interface BlockDevice extends AutoCloseable {
    /** Guest-visible size in bytes (a multiple of 512). */
    long size();

    boolean readOnly();

    /** Fills {@code dst} (position to limit) from virtual offset {@code offset}. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** Writes {@code src} (position to limit) at virtual offset {@code offset}. */
    void write(long offset, ByteBuffer src) throws IOException;

    /** Makes every write acknowledged so far durable. */
    void flush() throws IOException;

    /** Deallocates the range where the format can; reads of it return zeros afterwards. */
    void discard(long offset, long length) throws IOException;

    /** Makes the range read as zeros, deallocating where the format can. */
    void writeZeroes(long offset, long length) throws IOException;

    @Override
    void close() throws IOException;
}
