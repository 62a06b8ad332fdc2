package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.ChannelIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The L1 table, held whole in memory: entry {@code i} points at the L2 table for the {@code i}-th run of
 * guest clusters. Entries changed since the last write-back are remembered and written one by one (each
 * a single 8-byte big-endian write, so none is ever half-updated on disk).
 */
final class L1Table {
    private final FileChannel ch;
    private long[] entries;
    private long offset;
    private final BitSet dirty = new BitSet();

    private L1Table(FileChannel ch, long[] entries, long offset) {
        this.ch = ch;
        this.entries = entries;
        this.offset = offset;
    }

    /** Reads the table the header points at. */
    static L1Table read(FileChannel ch, String name, Qcow2Header h) throws IOException {
        long[] table = new long[h.l1Size()];
        if (table.length > 0) {
            ByteBuffer buf = ByteBuffer.allocate(table.length * 8).order(ByteOrder.BIG_ENDIAN);
            ChannelIo.readFully(ch, buf, h.l1TableOffset(), name + ": L1 table");
            buf.flip().asLongBuffer().get(table);
        }
        return new L1Table(ch, table, h.l1TableOffset());
    }

    int size() {
        return entries.length;
    }

    /** Host offset of L2 table {@code index}, 0 if it has none. */
    long l2Offset(int index) {
        return entries[index] & L2Entry.OFFSET_MASK;
    }

    /** Points entry {@code index} at a new L2 table (refcount one, hence COPIED); on disk at the next write-back. */
    void point(int index, long l2Offset) {
        entries[index] = l2Offset | L2Entry.COPIED;
        dirty.set(index);
    }

    boolean hasChanges() {
        return !dirty.isEmpty();
    }

    /** Writes the changed entries in place; the caller forces them to disk. */
    void writeChanges() throws IOException {
        ByteBuffer e = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        for (int i = dirty.nextSetBit(0); i >= 0; i = dirty.nextSetBit(i + 1)) {
            ChannelIo.writeFully(ch, e.clear().putLong(0, entries[i]), offset + i * 8L);
        }
        dirty.clear();
    }

    /**
     * Writes a copy of the table with {@code size} entries (the new ones empty) into {@code clusters}
     * clusters at {@code newOffset} and forces it; the image keeps using the old one until {@link #moveTo}.
     */
    void writeCopy(int size, long newOffset, int clusters, int clusterSize) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(clusters * clusterSize).order(ByteOrder.BIG_ENDIAN);
        buf.asLongBuffer().put(Arrays.copyOf(entries, size));
        ChannelIo.writeFully(ch, buf, newOffset);
        ch.force(false);
    }

    /** The header now points at the copy {@link #writeCopy} made: use it from here on. */
    void moveTo(int size, long newOffset) {
        entries = Arrays.copyOf(entries, size);
        offset = newOffset;
    }
}
