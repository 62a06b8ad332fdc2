package io.vireo.engine.storage.ext4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Walks an inode's extent tree (ext4), handing each leaf extent to a sink. The tree comes from the disk, so
 * it is distrusted: a node's depth must be one less than its parent's (so a node that points back up the
 * tree is refused, and the walk always ends), entry counts must fit the node, and the number of nodes read
 * is bounded, so an index whose entries all point at the same big subtree cannot make the walk explode.
 */
final class ExtentTree {
    private static final int MAGIC = 0xF30A;
    private static final int HEADER = 12, ENTRY = 12;
    private static final int MAX_DEPTH = 5;
    /** Extent lengths above this mark an uninitialized extent, which reads as zeros. */
    private static final int INITIALIZED_MAX = 32768;

    /** Receives the file's extents: {@code count} blocks at logical block {@code logical} lie at {@code physical}. */
    interface Sink {
        void extent(long logical, long physical, int count) throws IOException;
    }

    private final Volume volume;
    private final long inode;
    private int nodesLeft;

    private ExtentTree(Volume volume, long inode, int nodeBudget) {
        this.volume = volume;
        this.inode = inode;
        this.nodesLeft = nodeBudget;
    }

    static boolean startsWithHeader(byte[] blockArea) {
        return (ByteBuffer.wrap(blockArea).order(ByteOrder.LITTLE_ENDIAN).getShort(0) & 0xFFFF) == MAGIC;
    }

    /** Walks the tree rooted in {@code blockArea}, reading at most {@code nodeBudget} tree blocks. */
    static void walk(Volume volume, Inode inode, int nodeBudget, Sink sink) throws IOException {
        ExtentTree tree = new ExtentTree(volume, inode.number(), nodeBudget);
        tree.node(ByteBuffer.wrap(inode.blockArea()).order(ByteOrder.LITTLE_ENDIAN), -1, sink);
    }

    /** One node; {@code parentDepth} -1 for the root, whose depth may be anything up to the maximum. */
    private void node(ByteBuffer node, int parentDepth, Sink sink) throws IOException {
        if ((node.getShort(0) & 0xFFFF) != MAGIC) {
            throw broken("an extent tree node without the 0xF30A magic");
        }
        int entries = node.getShort(2) & 0xFFFF;
        int max = node.getShort(4) & 0xFFFF;
        int depth = node.getShort(6) & 0xFFFF;
        if (entries > max || HEADER + (long) max * ENTRY > node.capacity()) {
            throw broken("an extent tree node claiming %d of %d entries in %d bytes".formatted(entries, max, node.capacity()));
        }
        if (parentDepth < 0 ? depth > MAX_DEPTH : depth != parentDepth - 1) {
            throw broken("an extent tree node at depth " + depth + (parentDepth < 0 ? "" : " below one at depth " + parentDepth));
        }
        for (int i = 0; i < entries; i++) {
            int at = HEADER + i * ENTRY;
            long logical = node.getInt(at) & 0xFFFFFFFFL;
            if (depth == 0) {
                int length = node.getShort(at + 4) & 0xFFFF;
                long physical = (node.getShort(at + 6) & 0xFFFFL) << 32 | (node.getInt(at + 8) & 0xFFFFFFFFL);
                if (length <= INITIALIZED_MAX) {
                    sink.extent(logical, physical, length);
                }
            } else {
                long child = (node.getShort(at + 8) & 0xFFFFL) << 32 | (node.getInt(at + 4) & 0xFFFFFFFFL);
                if (--nodesLeft < 0) {
                    throw broken("an extent tree of more nodes than a file this size can need");
                }
                node(volume.block(child), depth, sink);
            }
        }
    }

    private FilesystemException broken(String what) {
        return new FilesystemException("%s: inode %d has %s".formatted(volume.name(), inode, what));
    }
}
