package io.vireo.engine.storage.qcow2;

import java.io.IOException;

/**
 * The two-level map from guest clusters to where their data is: the {@link L1Table} and the L2 tables
 * it points at. Changes stay in memory (dirty L2 tables, changed L1 entries) until the
 * {@link OrderedWriteBack}; a new L2 table gets its cluster from the allocator first.
 */
final class ClusterMap {
    /** Largest run of clusters handled as one, so a huge request needs neither a huge lookup nor a huge free extent. */
    private static final int MAX_RUN_BYTES = 4 << 20;

    private final L1Table l1;
    private final L2Tables l2;
    private final ClusterAllocator allocator;
    private final int clusterBits;
    private final int l2Bits;
    private final boolean zeroFlags;

    /** @param allocator where new L2 tables come from; null for a read-only image, which never creates one */
    ClusterMap(L1Table l1, L2Tables l2, ClusterAllocator allocator, Qcow2Header header) {
        this.l1 = l1;
        this.l2 = l2;
        this.allocator = allocator;
        this.clusterBits = header.clusterBits();
        this.l2Bits = clusterBits - 3;
        this.zeroFlags = header.version() >= 3;
    }

    /** The L2 entry of guest cluster {@code vcluster}; unallocated where no L2 table covers it yet. */
    L2Entry entry(long vcluster) throws IOException {
        long[] table = table(vcluster, false);
        long raw = table == null ? 0 : table[indexInTable(vcluster)];
        return L2Entry.decode(raw, clusterBits, zeroFlags);
    }

    /** Makes sure an L2 table covers {@code vcluster}, allocating one if needed. */
    void prepare(long vcluster) throws IOException {
        table(vcluster, true);
    }

    /** Sets the entry of {@code vcluster} (an encoded L2 entry); on disk at the next write-back. */
    void set(long vcluster, long raw) throws IOException {
        long[] table = table(vcluster, true);
        table[indexInTable(vcluster)] = raw;
        l2.markDirty(l1.l2Offset(l1Index(vcluster)), table);
    }

    private long[] table(long vcluster, boolean create) throws IOException {
        int index = l1Index(vcluster);
        long tableOffset = l1.l2Offset(index);
        if (tableOffset != 0) {
            return l2.get(tableOffset);
        }
        if (!create) {
            return null;
        }
        long offset = allocator.allocate(1);
        long[] table = l2.createEmpty(offset);
        l1.point(index, offset);
        return table;
    }

    private int l1Index(long vcluster) {
        return (int) (vcluster >>> l2Bits);
    }

    private int indexInTable(long vcluster) {
        return (int) (vcluster & ((1L << l2Bits) - 1));
    }

    /** The first guest cluster past the L2 table that covers {@code vcluster}. */
    long tableEnd(long vcluster) {
        return ((vcluster >>> l2Bits) + 1) << l2Bits;
    }

    /**
     * How many whole clusters after {@code vcluster} (at most {@code max}) read the same way as {@code first}
     * does (holes, zeros, or data contiguous on the host), so a sequential read becomes one call.
     */
    int similarClustersAfter(long vcluster, L2Entry first, int max) throws IOException {
        if (first.kind() == L2Entry.Kind.COMPRESSED) {
            return 0;
        }
        int limit = Math.min(max, MAX_RUN_BYTES >>> clusterBits);
        int n = 0;
        while (n < limit) {
            L2Entry next = entry(vcluster + n + 1);
            boolean similar = next.kind() == first.kind() && (first.kind() != L2Entry.Kind.NORMAL
                    || next.hostOffset() == first.hostOffset() + ((long) (n + 1) << clusterBits));
            if (!similar) {
                break;
            }
            n++;
        }
        return n;
    }

    /** How many of the next {@code max} whole clusters from {@code vcluster} hold nothing to keep or free. */
    int freshClusterRun(long vcluster, int max) throws IOException {
        int limit = Math.min(max, MAX_RUN_BYTES >>> clusterBits);
        int n = 0;
        while (n < limit) {
            L2Entry e = entry(vcluster + n);
            boolean fresh = e.kind() == L2Entry.Kind.UNALLOCATED
                    || (e.kind() == L2Entry.Kind.ZERO && e.hostOffset() == 0);
            if (!fresh) {
                break;
            }
            n++;
        }
        return n;
    }

    /** Guest data this image holds itself: allocated clusters plus compressed streams. */
    long storedBytes() throws IOException {
        long bytes = 0;
        for (int i = 0; i < l1.size(); i++) {
            long tableOffset = l1.l2Offset(i);
            if (tableOffset == 0) {
                continue;
            }
            for (long raw : l2.get(tableOffset)) {
                L2Entry e = L2Entry.decode(raw, clusterBits, zeroFlags);
                if (e.kind() == L2Entry.Kind.NORMAL) {
                    bytes += 1L << clusterBits;
                } else if (e.kind() == L2Entry.Kind.COMPRESSED) {
                    bytes += e.compressedLength();
                }
            }
        }
        return bytes;
    }
}
