package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.Bounds;
import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Writes a new, empty (thin) qcow2 v3 image: header, refcount table, the refcount blocks that count the
 * metadata itself, and an all-zero L1 table. Its cost depends only on the L1 size, never on data.
 */
public final class Qcow2Creator {
    public static final int DEFAULT_CLUSTER_BITS = 16;
    private static final int REFCOUNT_ORDER = 4;

    private Qcow2Creator() {
    }

    public static void create(Path path, long size, int clusterBits, Optional<String> backingFile,
            Optional<String> backingFormat) throws IOException {
        if (clusterBits < Qcow2Header.MIN_CLUSTER_BITS || clusterBits > Qcow2Header.MAX_CLUSTER_BITS) {
            throw new ImageException("cluster size must be a power of two between 512 B and 2 MiB");
        }
        if (size < 0) {
            throw new ImageException("disk size must not be negative: " + size);
        }
        long virtualSize = Bounds.roundUp(size, 512);
        long l1Entries = Qcow2Header.l1EntriesFor(virtualSize, clusterBits);
        if (l1Entries * 8 > Qcow2Header.MAX_L1_BYTES) {
            throw new ImageException("a " + virtualSize + "-byte disk is too large for a "
                    + (1 << clusterBits) + "-byte cluster size");
        }
        long clusterSize = 1L << clusterBits;
        long perBlock = (clusterSize * 8) >> REFCOUNT_ORDER;
        long l1Clusters = Math.max(1, Math.ceilDiv(l1Entries * 8, clusterSize));
        long blocks = 1;
        long tableClusters = 1;
        while (true) {
            long total = 1 + tableClusters + blocks + l1Clusters;
            long neededBlocks = Math.ceilDiv(total, perBlock);
            long neededTable = Math.ceilDiv(neededBlocks * 8, clusterSize);
            if (neededBlocks <= blocks && neededTable <= tableClusters) {
                break;
            }
            blocks = Math.max(blocks, neededBlocks);
            tableClusters = Math.max(tableClusters, neededTable);
        }
        long tableOffset = clusterSize;
        long blocksOffset = tableOffset + tableClusters * clusterSize;
        long l1Offset = blocksOffset + blocks * clusterSize;
        long total = 1 + tableClusters + blocks + l1Clusters;
        Qcow2Header header = new Qcow2Header(3, clusterBits, virtualSize, (int) l1Entries, l1Offset, tableOffset,
                (int) tableClusters, 0, 0, 0, 0, 0, REFCOUNT_ORDER, backingFile, backingFormat, List.of());
        ByteBuffer headerCluster = header.encode();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            try {
                ChannelIo.writeFully(ch, headerCluster, 0);
                ByteBuffer table = ByteBuffer.allocate((int) (tableClusters * clusterSize)).order(ByteOrder.BIG_ENDIAN);
                for (long b = 0; b < blocks; b++) {
                    table.putLong((int) (b * 8), blocksOffset + b * clusterSize);
                }
                ChannelIo.writeFully(ch, table, tableOffset);
                ByteBuffer refblocks = ByteBuffer.allocate((int) (blocks * clusterSize)).order(ByteOrder.BIG_ENDIAN);
                for (long c = 0; c < total; c++) {
                    refblocks.putShort((int) (c * 2), (short) 1);
                }
                ChannelIo.writeFully(ch, refblocks, blocksOffset);
                ChannelIo.writeFully(ch, ByteBuffer.allocate((int) (l1Clusters * clusterSize)), l1Offset);
                ch.force(true);
            } catch (IOException | RuntimeException e) {
                ch.close();
                Files.deleteIfExists(path);
                throw e;
            }
        }
    }
}
