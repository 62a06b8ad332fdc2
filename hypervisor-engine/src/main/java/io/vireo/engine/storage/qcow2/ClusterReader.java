package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads guest data the way the {@link ClusterMap} says it is stored: from the backing image where this
 * one holds nothing, as zeros, from a host cluster, or inflated from a compressed one. Runs of clusters
 * stored alike are read with one call. The image's lock is held by the caller.
 */
final class ClusterReader {
    private final FileChannel ch;
    private final String name;
    private final ClusterMap map;
    private final CompressedClusters compressed;
    private final DiskImage backing;
    private final int clusterBits;
    private final int clusterSize;

    /** @param backing the backing image, or null for none (holes read as zeros) */
    ClusterReader(FileChannel ch, String name, ClusterMap map, CompressedClusters compressed, DiskImage backing,
                  int clusterBits) {
        this.ch = ch;
        this.name = name;
        this.map = map;
        this.compressed = compressed;
        this.backing = backing;
        this.clusterBits = clusterBits;
        this.clusterSize = 1 << clusterBits;
    }

    /** Fills {@code dst} from guest offset {@code offset}, already checked against the disk's size. */
    void read(long offset, ByteBuffer dst) throws IOException {
        long pos = offset;
        while (dst.hasRemaining()) {
            int inCluster = (int) (pos & (clusterSize - 1));
            L2Entry e = map.entry(pos >>> clusterBits);
            int n = Math.min(clusterSize - inCluster, dst.remaining());
            n += map.similarClustersAfter(pos >>> clusterBits, e, (dst.remaining() - n) >>> clusterBits) << clusterBits;
            readCluster(pos, e, dst.slice(dst.position(), n));
            dst.position(dst.position() + n);
            pos += n;
        }
    }

    /** Fills {@code dst} with the virtual contents at {@code pos}, all stored the way entry {@code e} says. */
    void readCluster(long pos, L2Entry e, ByteBuffer dst) throws IOException {
        int inCluster = (int) (pos & (clusterSize - 1));
        switch (e.kind()) {
            case UNALLOCATED -> readBacking(pos, dst);
            case ZERO -> ChannelIo.fillZero(dst);
            case NORMAL -> {
                checkHostCluster(e.hostOffset());
                ChannelIo.readOrZero(ch, dst, e.hostOffset() + inCluster);
            }
            case COMPRESSED -> dst.put(compressed.read(e), inCluster, dst.remaining());
        }
    }

    /** A data cluster an entry names must lie inside the file: a corrupt entry is an error, not a read of garbage. */
    void checkHostCluster(long host) throws IOException {
        if (host >= ch.size()) {
            throw new ImageException(name + ": data cluster at offset " + host + " lies past the end of the file");
        }
    }

    private void readBacking(long pos, ByteBuffer dst) throws IOException {
        if (backing == null || pos >= backing.size()) {
            ChannelIo.fillZero(dst);
            return;
        }
        int fromBacking = (int) Math.min(dst.remaining(), backing.size() - pos);
        int limit = dst.limit();
        dst.limit(dst.position() + fromBacking);
        backing.read(pos, dst);
        dst.limit(limit);
        ChannelIo.fillZero(dst);
    }
}
