package io.vireo.engine.display.rfb;

import io.vireo.engine.display.rfb.encoding.PayloadBuffer;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Frames one FramebufferUpdate. With LastRect the count is left open (0xFFFF) and each rectangle goes
 * out as soon as it is encoded, so the client decodes the first tiles while later ones are encoded;
 * otherwise the rectangles are counted and sent together.
 */
final class UpdateWriter {
    private static final int OPEN_COUNT = 0xFFFF;

    private final OutputStream out;
    private final PayloadBuffer pending = new PayloadBuffer();
    private boolean streaming;
    private int count;
    private long bytes;
    private long writeNanos;

    UpdateWriter(OutputStream out) {
        this.out = out;
    }

    void begin(boolean lastRect) throws IOException {
        streaming = lastRect;
        count = 0;
        pending.reset();
        if (streaming) {
            write(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF}, 4);
        }
    }

    /** Starts a rectangle; its payload is appended to the returned buffer before the next call. */
    PayloadBuffer rect(int x, int y, int w, int h, int encoding) throws IOException {
        if (streaming) {
            flushPending();
        }
        count++;
        return pending.putShort(x).putShort(y).putShort(w).putShort(h).putInt(encoding);
    }

    void end() throws IOException {
        if (streaming) {
            rect(0, 0, 0, 0, EncodingPreferences.LAST_RECT);
            flushPending();
        } else {
            if (count >= OPEN_COUNT) {
                throw new IOException("an update of " + count + " rectangles needs LastRect");
            }
            write(new byte[] {0, 0, (byte) (count >>> 8), (byte) count}, 4);
            flushPending();
        }
        long start = System.nanoTime();
        out.flush();
        writeNanos += System.nanoTime() - start;
    }

    /** Bytes written so far, all updates together. */
    long bytes() {
        return bytes;
    }

    /** Time spent blocked in the stream so far: what the client's pace, not the encoder, cost. */
    long writeNanos() {
        return writeNanos;
    }

    private void flushPending() throws IOException {
        write(pending.array(), pending.size());
        pending.reset();
    }

    private void write(byte[] b, int n) throws IOException {
        long start = System.nanoTime();
        out.write(b, 0, n);
        writeNanos += System.nanoTime() - start;
        bytes += n;
    }
}
