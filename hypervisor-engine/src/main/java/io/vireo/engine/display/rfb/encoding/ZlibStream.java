package io.vireo.engine.display.rfb.encoding;

import java.util.zip.Deflater;

/**
 * One zlib stream that lives as long as the session: each rectangle's data is deflated and
 * sync-flushed, so the client's inflater, kept across rectangles too, can decode it at once.
 */
final class ZlibStream {
    private final Deflater deflater;
    private final byte[] chunk = new byte[1 << 16];

    ZlibStream(int level) {
        deflater = new Deflater(level);
    }

    /** Appends the compressed form of {@code data} to {@code out}. */
    void compress(PayloadBuffer data, PayloadBuffer out) {
        deflater.setInput(data.array(), 0, data.size());
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.put(chunk, 0, n);
        } while (n == chunk.length);
    }
}
