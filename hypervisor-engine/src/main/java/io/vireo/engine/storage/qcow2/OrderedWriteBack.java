package io.vireo.engine.storage.qcow2;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Makes an image's metadata changes durable in the one order that keeps it consistent at every instant.
 * By the time this runs, allocating writes have raised their refcounts (written through) and written
 * their data; this forces those, then writes the L2 tables and forces them, then the L1 entries and
 * forces them, and only then frees the clusters overwritten entries held. A crash at any point leaves at
 * worst leaked clusters, and everything acknowledged before a flush survives it.
 */
final class OrderedWriteBack {
    /** Dirty L2 tables held before a write-back is forced, bounding memory between guest flushes. */
    private static final long MAX_DIRTY_BYTES = 8L << 20;

    private final FileChannel ch;
    private final L2Tables l2;
    private final L1Table l1;
    private final ClusterAllocator allocator;
    private final int clusterSize;

    OrderedWriteBack(FileChannel ch, L2Tables l2, L1Table l1, ClusterAllocator allocator, int clusterSize) {
        this.ch = ch;
        this.l2 = l2;
        this.l1 = l1;
        this.allocator = allocator;
        this.clusterSize = clusterSize;
    }

    /** Writes back now if the changes held in memory have grown past their bounds. */
    void runIfTooDirty() throws IOException {
        if ((long) l2.dirtyCount() * clusterSize > MAX_DIRTY_BYTES || allocator.tooManyReleased()) {
            run();
        }
    }

    /** Data and refcounts, then L2 tables, then L1 entries, each made durable before the next is written. */
    void run() throws IOException {
        ch.force(false);
        if (l2.dirtyCount() == 0 && !l1.hasChanges() && !allocator.hasReleased()) {
            return;
        }
        l2.writeBack();
        ch.force(false);
        if (l1.hasChanges()) {
            l1.writeChanges();
            ch.force(false);
        }
        allocator.freeReleased();
    }
}
