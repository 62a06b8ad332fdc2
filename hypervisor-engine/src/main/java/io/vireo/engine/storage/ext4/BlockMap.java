package io.vireo.engine.storage.ext4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The ext2/ext3 block map: twelve direct block numbers, then a single, double and triple indirect block.
 * The walk stops at the file's last block, so a hostile map (indirect blocks pointing at themselves) costs at
 * most one read per block of the file.
 */
final class BlockMap {
    private static final int DIRECT = 12;

    private final Volume volume;
    private final long blocks;
    private final int perBlock;

    private BlockMap(Volume volume, long blocks) {
        this.volume = volume;
        this.blocks = blocks;
        this.perBlock = volume.blockSize() / 4;
    }

    /** Hands the sink each mapped block of the first {@code blocks} logical blocks, one by one. */
    static void walk(Volume volume, Inode inode, long blocks, ExtentTree.Sink sink) throws IOException {
        ByteBuffer area = ByteBuffer.wrap(inode.blockArea()).order(ByteOrder.LITTLE_ENDIAN);
        BlockMap map = new BlockMap(volume, blocks);
        for (int i = 0; i < DIRECT && i < blocks; i++) {
            map.mapped(i, area.getInt(i * 4) & 0xFFFFFFFFL, 0, sink);
        }
        long first = DIRECT;
        long span = map.perBlock;
        for (int level = 1; level <= 3 && first < blocks; level++) {
            map.mapped(first, area.getInt((DIRECT + level - 1) * 4) & 0xFFFFFFFFL, level, sink);
            first += span;
            span *= map.perBlock;
        }
    }

    /** Block {@code block} maps logical block {@code logical} on, as data ({@code level} 0) or an indirect block. */
    private void mapped(long logical, long block, int level, ExtentTree.Sink sink) throws IOException {
        if (block == 0) {
            return;
        }
        if (level == 0) {
            sink.extent(logical, block, 1);
            return;
        }
        ByteBuffer pointers = volume.block(block);
        long span = 1;
        for (int i = 1; i < level; i++) {
            span *= perBlock;
        }
        for (int i = 0; i < perBlock && logical + i * span < blocks; i++) {
            mapped(logical + i * span, pointers.getInt(i * 4) & 0xFFFFFFFFL, level - 1, sink);
        }
    }
}
