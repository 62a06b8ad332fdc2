package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Inflates compressed clusters (raw deflate, no zlib header), remembering the last one for sequential reads. */
final class CompressedClusters {
    private final FileChannel ch;
    private final String name;
    private final int clusterSize;
    private long cachedOffset = -1;
    private final byte[] cached;

    CompressedClusters(FileChannel ch, String name, int clusterSize) {
        this.ch = ch;
        this.name = name;
        this.clusterSize = clusterSize;
        this.cached = new byte[clusterSize];
    }

    /** The decompressed cluster; the array is reused by the next call. */
    byte[] read(L2Entry entry) throws IOException {
        if (entry.hostOffset() == cachedOffset) {
            return cached;
        }
        long fileSize = ch.size();
        if (entry.hostOffset() >= fileSize) {
            throw new ImageException(name + ": compressed cluster at offset " + entry.hostOffset()
                    + " lies past the end of the file");
        }
        int length = (int) Math.min(entry.compressedLength(), fileSize - entry.hostOffset());
        byte[] input = new byte[length];
        ChannelIo.readFully(ch, ByteBuffer.wrap(input), entry.hostOffset(), name + ": compressed cluster");
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(input);
            int produced = 0;
            while (produced < clusterSize && !inflater.finished()) {
                int n = inflater.inflate(cached, produced, clusterSize - produced);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                produced += n;
            }
            if (produced != clusterSize) {
                cachedOffset = -1;
                throw new ImageException(name + ": compressed cluster at offset " + entry.hostOffset()
                        + " is truncated or corrupt");
            }
        } catch (DataFormatException e) {
            cachedOffset = -1;
            throw new ImageException(name + ": compressed cluster at offset " + entry.hostOffset()
                    + " is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        cachedOffset = entry.hostOffset();
        return cached;
    }

    void forget() {
        cachedOffset = -1;
    }
}
