package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cache of L2 tables keyed by host offset. Changed tables stay pinned in memory until {@link #writeBack}
 * (called from flush), so on disk an L2 entry only ever points at data made durable before it.
 */
final class L2Tables {
    private static final long CLEAN_CACHE_BYTES = 16L << 20;

    private final FileChannel ch;
    private final String name;
    private final int clusterSize;
    private final Map<Long, long[]> dirty = new LinkedHashMap<>();
    private final Map<Long, long[]> clean;

    L2Tables(FileChannel ch, String name, int clusterSize) {
        this.ch = ch;
        this.name = name;
        this.clusterSize = clusterSize;
        int capacity = (int) Math.max(4, CLEAN_CACHE_BYTES / clusterSize);
        this.clean = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
                return size() > capacity;
            }
        };
    }

    long[] get(long offset) throws IOException {
        long[] t = dirty.get(offset);
        if (t == null) {
            t = clean.get(offset);
        }
        if (t == null) {
            t = load(offset);
            clean.put(offset, t);
        }
        return t;
    }

    private long[] load(long offset) throws IOException {
        if ((offset & (clusterSize - 1)) != 0) {
            throw new ImageException(name + ": L2 table offset " + offset + " is not cluster aligned");
        }
        if (offset + clusterSize > ch.size()) {
            throw new ImageException(name + ": L2 table at offset " + offset + " lies past the end of the file");
        }
        ByteBuffer buf = ByteBuffer.allocate(clusterSize).order(ByteOrder.BIG_ENDIAN);
        ChannelIo.readFully(ch, buf, offset, name + ": L2 table");
        long[] t = new long[clusterSize / 8];
        buf.flip().asLongBuffer().get(t);
        return t;
    }

    long[] createEmpty(long offset) {
        long[] t = new long[clusterSize / 8];
        dirty.put(offset, t);
        return t;
    }

    void markDirty(long offset, long[] table) {
        clean.remove(offset);
        dirty.put(offset, table);
    }

    int dirtyCount() {
        return dirty.size();
    }

    void writeBack() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(clusterSize).order(ByteOrder.BIG_ENDIAN);
        for (Map.Entry<Long, long[]> e : dirty.entrySet()) {
            buf.clear();
            buf.asLongBuffer().put(e.getValue());
            ChannelIo.writeFully(ch, buf, e.getKey());
        }
        clean.putAll(dirty);
        dirty.clear();
    }
}
