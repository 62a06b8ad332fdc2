package io.vireo.engine.storage.qcow2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out host clusters for data and L2 tables, and takes back the ones overwritten entries held.
 * A new cluster's refcount is raised and written through before anything can point at it; a released
 * cluster is freed only by {@link #freeReleased}, which the write-back calls once the entries that
 * replaced it are durable. So a crash can leak clusters, but never hand out one that is still in use.
 */
final class ClusterAllocator {
    /** Released ranges held before a write-back is forced, bounding memory between guest flushes. */
    private static final int MAX_RELEASED = 4096;

    private final Refcounts refcounts;
    private final int clusterBits;
    private final List<long[]> released = new ArrayList<>();

    ClusterAllocator(Refcounts refcounts, int clusterBits) {
        this.refcounts = refcounts;
        this.clusterBits = clusterBits;
    }

    /** {@code count} contiguous free clusters, now in use; returns the host offset of the first. */
    long allocate(int count) throws IOException {
        return refcounts.allocate(count) << clusterBits;
    }

    /** Frees clusters nothing points at any more, at once (a table the header no longer names). */
    void free(long offset, long clusters) throws IOException {
        for (long c = 0; c < clusters; c++) {
            refcounts.decrement((offset >>> clusterBits) + c);
        }
    }

    /** The clusters an overwritten entry held, to be freed once its replacement is durable. */
    void release(L2Entry old) {
        switch (old.kind()) {
            case NORMAL -> released.add(new long[] {old.hostOffset(), old.hostOffset() + 1});
            case ZERO -> {
                if (old.hostOffset() != 0) {
                    released.add(new long[] {old.hostOffset(), old.hostOffset() + 1});
                }
            }
            case COMPRESSED -> released.add(new long[] {old.compressedRangeStart(), old.compressedRangeEnd()});
            case UNALLOCATED -> { }
        }
    }

    boolean hasReleased() {
        return !released.isEmpty();
    }

    boolean tooManyReleased() {
        return released.size() > MAX_RELEASED;
    }

    /** Frees every released cluster; only call this once the entries that replaced them are on disk. */
    void freeReleased() throws IOException {
        for (long[] range : released) {
            for (long c = range[0] >>> clusterBits; c <= (range[1] - 1) >>> clusterBits; c++) {
                refcounts.decrement(c);
            }
        }
        released.clear();
    }
}
