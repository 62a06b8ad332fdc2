package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The refcount table and its blocks: how many references each host cluster has, and where free clusters
 * are. Every change is written through at once, so on disk a cluster's refcount is raised before
 * anything can point to it; a crash can leak clusters but never hand out one that is in use.
 *
 * <p>The tables come from the file, so every loop here is bounded by what the file really holds, not by
 * what its tables claim: the search for free clusters stops at the {@link #frontier}, and a table that
 * names a block twice, or names the header or itself, is refused before anything is allocated.
 */
final class Refcounts {
    private static final int CACHED_BLOCKS = 64;
    /** Each round of {@link #allocate} adds blocks or grows the table; a handful always suffice. */
    private static final int MAX_ALLOCATION_ROUNDS = 64;

    private final FileChannel ch;
    private final String name;
    private final int clusterBits;
    private final int clusterSize;
    private final int order;
    private final long perBlock;
    private final long maxRefcount;
    private final Map<Long, byte[]> blocks = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > CACHED_BLOCKS;
        }
    };
    private long[] table;
    private long tableOffset;
    private int tableClusters;
    private long freeHint;
    /**
     * The first cluster that neither lay in the file when it was opened nor has been handed out since.
     * No table can point at or past it (a pointer is written only after the data it leads to), so a
     * refcount there is a leak a crash left behind, and the cluster is free to take.
     */
    private long frontier;

    /** The refcounts of an image about to be written: its table is checked first ({@link #checkTable}). */
    static Refcounts forWriting(FileChannel ch, String name, Qcow2Header header) throws IOException {
        Refcounts refcounts = new Refcounts(ch, name, header);
        refcounts.checkTable();
        return refcounts;
    }

    Refcounts(FileChannel ch, String name, Qcow2Header header) throws IOException {
        this.ch = ch;
        this.name = name;
        this.clusterBits = header.clusterBits();
        this.clusterSize = header.clusterSize();
        this.order = header.refcountOrder();
        this.perBlock = ((long) clusterSize * 8) >> order;
        this.maxRefcount = order == 6 ? Long.MAX_VALUE : (1L << (1 << order)) - 1;
        this.tableOffset = header.refcountTableOffset();
        this.tableClusters = header.refcountTableClusters();
        this.table = readTable(tableOffset, tableClusters);
        this.frontier = Math.ceilDiv(ch.size(), clusterSize);
    }

    /**
     * Every block the table names is a whole cluster inside the file, apart from the header and the table
     * itself, and named once: allocation writes refcounts into these blocks, so a crafted table that shares
     * one, or points into itself, would have it overwrite its own structure.
     */
    private void checkTable() throws IOException {
        long fileSize = ch.size();
        long tableEnd = tableOffset + (long) tableClusters * clusterSize;
        long[] named = new long[table.length];
        int count = 0;
        for (int b = 0; b < table.length; b++) {
            long off = blockOffset(b);
            if (off == 0) {
                continue;
            }
            if ((off & (clusterSize - 1)) != 0 || off > fileSize - clusterSize) {
                throw new ImageException(name + ": refcount block " + b + " at offset " + off
                        + " is not a cluster inside the file");
            }
            if (off >= tableOffset && off < tableEnd) {
                throw new ImageException(name + ": refcount block " + b + " lies inside the refcount table");
            }
            named[count++] = off;
        }
        long[] sorted = Arrays.copyOf(named, count);
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new ImageException(name + ": the refcount table names the block at offset " + sorted[i]
                        + " more than once; the image is corrupt");
            }
        }
    }

    private long[] readTable(long offset, int clusters) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(clusters * clusterSize);
        ChannelIo.readFully(ch, buf, offset, name + ": refcount table");
        long[] t = new long[clusters * clusterSize / 8];
        buf.flip().asLongBuffer().get(t);
        return t;
    }

    /** Host offsets of the allocated refcount blocks, indexed like the table (0 where none). */
    long blockOffset(long blockIndex) {
        return blockIndex < table.length ? table[(int) blockIndex] & ~511L : 0;
    }

    int tableEntries() {
        return table.length;
    }

    long get(long cluster) throws IOException {
        long b = cluster / perBlock;
        long off = blockOffset(b);
        if (off == 0) {
            return 0;
        }
        return readEntry(block(b, off), cluster % perBlock);
    }

    void increment(long cluster) throws IOException {
        long v = get(cluster);
        if (v == maxRefcount) {
            throw new ImageException(name + ": refcount of cluster " + cluster + " would overflow");
        }
        set(cluster, v + 1);
    }

    void decrement(long cluster) throws IOException {
        long v = get(cluster);
        if (v == 0) {
            throw new ImageException(name + ": refcount of cluster " + cluster
                    + " is already zero; the image is corrupt (try qemu-img check -r all)");
        }
        set(cluster, v - 1);
        if (v == 1) {
            freeHint = Math.min(freeHint, cluster);
        }
    }

    /** Drops the refcount of a cluster nothing references (a leak) to zero. */
    void release(long cluster) throws IOException {
        if (get(cluster) != 0) {
            set(cluster, 0);
            freeHint = Math.min(freeHint, cluster);
        }
    }

    /** Finds {@code count} contiguous free clusters, marks them used and returns the first one's index. */
    long allocate(int count) throws IOException {
        int spare = 0;
        for (int round = 0; round < MAX_ALLOCATION_ROUNDS; round++) {
            long start = findFree(count + spare);
            List<Long> missing = missingBlocks(start, count + spare);
            if (missing.isEmpty()) {
                markUsed(start, count);
                if (count == 1 || start == freeHint) {
                    freeHint = start + count;
                }
                frontier = Math.max(frontier, start + count);
                return start;
            }
            if (missing.size() > spare) {
                spare = missing.size(); // room for the new blocks in front of the run, then look again
            } else if (missing.getLast() >= table.length) {
                growTable(missing.getLast());
                spare = 0;
            } else {
                addBlocks(missing, start);
                spare = 0;
            }
        }
        throw new ImageException(name + ": found no room for " + count + " clusters after "
                + MAX_ALLOCATION_ROUNDS + " rounds of adding refcount blocks; the refcount table is corrupt");
    }

    /**
     * The first run of {@code count} free clusters from the hint. Each cluster is looked at once and the
     * search ends at the {@link #frontier} at the latest, so it walks no further than the file reaches.
     */
    private long findFree(int count) throws IOException {
        long start = freeHint;
        int i = 0;
        while (i < count) {
            long c = start + i;
            if (c < frontier && get(c) != 0) {
                start = c + 1;
                i = 0;
            } else {
                i++;
            }
        }
        return start;
    }

    private List<Long> missingBlocks(long start, int count) {
        List<Long> missing = new ArrayList<>();
        for (long b = start / perBlock; b <= (start + count - 1) / perBlock; b++) {
            if (blockOffset(b) == 0) {
                missing.add(b);
            }
        }
        return missing;
    }

    /** Sets a run of free clusters to refcount one, with one write per refcount block touched. */
    private void markUsed(long start, int count) throws IOException {
        int bits = 1 << order;
        long c = start;
        long end = start + count;
        while (c < end) {
            long b = c / perBlock;
            long runEnd = Math.min(end, (b + 1) * perBlock);
            long off = blockOffset(b);
            byte[] block = block(b, off);
            for (long i = c; i < runEnd; i++) {
                writeEntry(block, i % perBlock, 1);
            }
            int firstByte = (int) ((c % perBlock) * bits / 8);
            int lastByte = (int) (((runEnd - 1) % perBlock) * bits / 8) + Math.max(1, bits / 8);
            ChannelIo.writeFully(ch, ByteBuffer.wrap(block, firstByte, lastByte - firstByte), off + firstByte);
            c = runEnd;
        }
    }

    private void set(long cluster, long value) throws IOException {
        long b = cluster / perBlock;
        long off = blockOffset(b);
        if (off == 0) {
            throw new IllegalStateException("refcount block " + b + " missing for cluster " + cluster);
        }
        byte[] block = block(b, off);
        long index = cluster % perBlock;
        writeEntry(block, index, value);
        int bits = 1 << order;
        int firstByte = (int) (index * bits / 8);
        int byteCount = Math.max(1, bits / 8);
        ChannelIo.writeFully(ch, ByteBuffer.wrap(block, firstByte, byteCount), off + firstByte);
    }

    /**
     * Places new refcount blocks on the free clusters starting at {@code at}. Each block's own refcount is
     * recorded (in a new block, or written through to an existing one) and the blocks are made durable
     * before the table points at them: a table entry must never lead to garbage.
     */
    private void addBlocks(List<Long> indices, long at) throws IOException {
        Map<Long, byte[]> fresh = new LinkedHashMap<>();
        for (long b : indices) {
            fresh.put(b, new byte[clusterSize]);
        }
        for (int j = 0; j < indices.size(); j++) {
            long cluster = at + j;
            byte[] covering = fresh.get(cluster / perBlock);
            if (covering != null) {
                writeEntry(covering, cluster % perBlock, 1);
            } else {
                set(cluster, 1);
            }
        }
        for (int j = 0; j < indices.size(); j++) {
            ChannelIo.writeFully(ch, ByteBuffer.wrap(fresh.get(indices.get(j))), (at + j) << clusterBits);
        }
        ch.force(false);
        for (int j = 0; j < indices.size(); j++) {
            setTableEntry(indices.get(j), (at + j) << clusterBits);
            blocks.put(indices.get(j), fresh.get(indices.get(j)));
        }
        frontier = Math.max(frontier, at + indices.size());
    }

    private void setTableEntry(long b, long offset) throws IOException {
        table[(int) b] = offset;
        ByteBuffer e = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(0, offset);
        ChannelIo.writeFully(ch, e, tableOffset + b * 8);
    }

    /**
     * Moves the table to a bigger one built past everything the old table can describe, together with the
     * refcount blocks that describe the new region itself, then switches the header over in one write.
     */
    private void growTable(long neededBlock) throws IOException {
        long regionBlock = table.length;
        long regionStart = regionBlock * perBlock;
        long entries = Math.max(neededBlock + 1, (long) table.length * 2);
        if (regionStart > Long.MAX_VALUE >> (clusterBits + 1)) {
            throw new ImageException(name + ": the image has reached the largest size its refcount table allows");
        }
        // Enough blocks to count the region itself (the new blocks and the new table); each round adds a
        // block, and the table's size limit ends the rounds even if a block could count only a few clusters.
        int newBlocks = 1;
        int newClusters;
        while (true) {
            entries = Math.max(entries, regionBlock + newBlocks);
            newClusters = (int) Math.min(Integer.MAX_VALUE / 2, Math.ceilDiv(entries * 8, clusterSize));
            if ((long) newClusters * clusterSize > Qcow2Header.MAX_REFTABLE_BYTES) {
                throw new ImageException(name + ": the image has reached the largest size its refcount table allows");
            }
            if (newBlocks * perBlock >= newBlocks + newClusters) {
                break;
            }
            newBlocks++;
        }
        long regionClusters = newBlocks + newClusters;
        long[] newTable = new long[newClusters * clusterSize / 8];
        System.arraycopy(table, 0, newTable, 0, table.length);
        for (int i = 0; i < newBlocks; i++) {
            byte[] block = new byte[clusterSize];
            long first = regionStart + i * perBlock;
            for (long c = first; c < Math.min(first + perBlock, regionStart + regionClusters); c++) {
                writeEntry(block, c - first, 1);
            }
            long blockOffset = (regionStart + i) << clusterBits;
            ChannelIo.writeFully(ch, ByteBuffer.wrap(block), blockOffset);
            newTable[(int) (regionBlock + i)] = blockOffset;
        }
        long newTableOffset = (regionStart + newBlocks) << clusterBits;
        ByteBuffer tb = ByteBuffer.allocate(newClusters * clusterSize).order(ByteOrder.BIG_ENDIAN);
        tb.asLongBuffer().put(newTable);
        ChannelIo.writeFully(ch, tb, newTableOffset);
        ch.force(false);
        ByteBuffer hdr = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN)
                .putLong(0, newTableOffset).putInt(8, newClusters);
        ChannelIo.writeFully(ch, hdr, Qcow2Header.OFFSET_REFTABLE);
        ch.force(false);
        long oldOffset = tableOffset;
        int oldClusters = tableClusters;
        table = newTable;
        tableOffset = newTableOffset;
        tableClusters = newClusters;
        frontier = Math.max(frontier, regionStart + regionClusters);
        blocks.clear();
        for (int i = 0; i < oldClusters; i++) {
            decrement((oldOffset >> clusterBits) + i);
        }
    }

    private byte[] block(long b, long offset) throws IOException {
        byte[] cached = blocks.get(b);
        if (cached != null) {
            return cached;
        }
        if ((offset & (clusterSize - 1)) != 0) {
            throw new ImageException(name + ": refcount block " + b + " has unaligned offset " + offset);
        }
        if (offset + clusterSize > ch.size()) {
            throw new ImageException(name + ": refcount block " + b + " at offset " + offset
                    + " lies past the end of the file");
        }
        byte[] block = new byte[clusterSize];
        ChannelIo.readFully(ch, ByteBuffer.wrap(block), offset, name + ": refcount block");
        blocks.put(b, block);
        return block;
    }

    /** Entries are big-endian; sub-byte widths pack the first entry into a byte's least significant bits. */
    private long readEntry(byte[] block, long index) {
        int bits = 1 << order;
        if (bits < 8) {
            int bit = (int) (index * bits);
            return (block[bit >> 3] >>> (bit & 7)) & ((1 << bits) - 1);
        }
        int bytes = bits / 8;
        int at = (int) (index * bytes);
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (block[at + i] & 0xff);
        }
        return v;
    }

    private void writeEntry(byte[] block, long index, long value) {
        int bits = 1 << order;
        if (bits < 8) {
            int bit = (int) (index * bits);
            int mask = ((1 << bits) - 1) << (bit & 7);
            block[bit >> 3] = (byte) ((block[bit >> 3] & ~mask) | ((value << (bit & 7)) & mask));
            return;
        }
        int bytes = bits / 8;
        int at = (int) (index * bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            block[at + i] = (byte) value;
            value >>>= 8;
        }
    }
}
