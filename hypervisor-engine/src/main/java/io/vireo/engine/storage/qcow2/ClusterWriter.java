package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.ChannelIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes guest data into host clusters, and zeroes ranges. A cluster this image already holds is written
 * in place; any other gets a new cluster from the {@link ClusterAllocator} (a partial write first copies
 * in what the guest saw there), its data is written, and only then does the {@link ClusterMap} point at
 * it, in memory until the write-back. Whole runs of fresh clusters share one allocation and one write.
 * The image's lock is held by the caller, and offsets are already checked against the disk's size.
 */
final class ClusterWriter {
    private final FileChannel ch;
    private final ClusterMap map;
    private final ClusterAllocator allocator;
    private final ClusterReader reader;
    private final CompressedClusters compressed;
    private final boolean hasBacking;
    private final boolean zeroFlags;
    private final int clusterBits;
    private final int clusterSize;

    ClusterWriter(FileChannel ch, ClusterMap map, ClusterAllocator allocator, ClusterReader reader,
                  CompressedClusters compressed, boolean hasBacking, Qcow2Header header) {
        this.ch = ch;
        this.map = map;
        this.allocator = allocator;
        this.reader = reader;
        this.compressed = compressed;
        this.hasBacking = hasBacking;
        this.zeroFlags = header.version() >= 3;
        this.clusterBits = header.clusterBits();
        this.clusterSize = header.clusterSize();
    }

    /** Writes {@code src} at guest offset {@code offset} of a disk of {@code diskSize} bytes. */
    void write(long offset, ByteBuffer src, long diskSize) throws IOException {
        long pos = offset;
        while (src.hasRemaining()) {
            int inCluster = (int) (pos & (clusterSize - 1));
            int n = Math.min(clusterSize - inCluster, src.remaining());
            int fresh = inCluster == 0 ? map.freshClusterRun(pos >>> clusterBits, src.remaining() >>> clusterBits) : 0;
            if (fresh > 1) {
                n = fresh << clusterBits;
                writeFreshRun(pos >>> clusterBits, fresh, src.slice(src.position(), n));
            } else {
                writeCluster(pos, src.slice(src.position(), n), diskSize);
            }
            src.position(src.position() + n);
            pos += n;
        }
    }

    /** Whole fresh clusters get one contiguous host run: one refcount write and one data write. */
    private void writeFreshRun(long vcluster, int count, ByteBuffer data) throws IOException {
        for (int i = 0; i < count; i++) {
            map.prepare(vcluster + i);
        }
        long host = allocator.allocate(count);
        ChannelIo.writeFully(ch, data, host);
        for (int i = 0; i < count; i++) {
            map.set(vcluster + i, (host + ((long) i << clusterBits)) | L2Entry.COPIED);
        }
    }

    private void writeCluster(long pos, ByteBuffer data, long diskSize) throws IOException {
        long vcluster = pos >>> clusterBits;
        int inCluster = (int) (pos & (clusterSize - 1));
        L2Entry e = map.entry(vcluster);
        if (e.kind() == L2Entry.Kind.NORMAL) {
            reader.checkHostCluster(e.hostOffset());
            ChannelIo.writeFully(ch, data, e.hostOffset() + inCluster);
            return;
        }
        ByteBuffer whole;
        if (data.remaining() == clusterSize) {
            whole = data;
        } else {
            whole = ByteBuffer.allocate(clusterSize);
            long clusterStart = vcluster << clusterBits;
            int valid = (int) Math.min(clusterSize, diskSize - clusterStart);
            reader.readCluster(clusterStart, e, whole.limit(valid));
            whole.limit(clusterSize).position(inCluster);
            whole.put(data).clear();
        }
        long host = e.kind() == L2Entry.Kind.ZERO && e.hostOffset() != 0
                ? e.hostOffset()
                : allocator.allocate(1);
        ChannelIo.writeFully(ch, whole, host);
        map.set(vcluster, host | L2Entry.COPIED);
        if (e.kind() == L2Entry.Kind.COMPRESSED) {
            compressed.forget();
            allocator.release(e);
        }
    }

    /** Makes {@code length} bytes at {@code offset} read as zeros, by entry where a whole cluster allows. */
    void writeZeroes(long offset, long length, long diskSize) throws IOException {
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            long vcluster = pos >>> clusterBits;
            long clusterStart = vcluster << clusterBits;
            long clusterEnd = Math.min(clusterStart + clusterSize, diskSize);
            long n = Math.min(clusterEnd, end) - pos;
            zeroCluster(vcluster, pos == clusterStart && pos + n == clusterEnd, pos, (int) n, diskSize);
            pos += n;
        }
    }

    private void zeroCluster(long vcluster, boolean whole, long pos, int n, long diskSize) throws IOException {
        L2Entry e = map.entry(vcluster);
        boolean readsZero = e.kind() == L2Entry.Kind.ZERO
                || (e.kind() == L2Entry.Kind.UNALLOCATED && !hasBacking);
        if (readsZero) {
            return;
        }
        if (!whole || (!zeroFlags && hasBacking)) {
            writeCluster(pos, ByteBuffer.allocate(n), diskSize);
            return;
        }
        map.set(vcluster, hasBacking ? L2Entry.ZERO_FLAG : 0);
        if (e.kind() == L2Entry.Kind.COMPRESSED) {
            compressed.forget();
        }
        allocator.release(e);
    }
}
