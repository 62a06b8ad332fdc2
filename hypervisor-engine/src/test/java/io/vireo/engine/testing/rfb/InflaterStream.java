package io.vireo.engine.testing.rfb;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Inflates what was given to an inflater; the server's sync flush guarantees a whole rectangle is there. */
final class InflaterStream extends InputStream {
    private final Inflater inflater;
    private final byte[] one = new byte[1];

    InflaterStream(Inflater inflater) {
        this.inflater = inflater;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = inflater.inflate(b, off, len);
            if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                return -1;
            }
            return n;
        } catch (DataFormatException e) {
            throw new IOException("bad zlib data: " + e.getMessage(), e);
        }
    }
}
