package io.vireo.engine.display.rfb.encoding;

import java.util.Arrays;

/** A growable big-endian byte buffer for rectangle payloads, reused from update to update. */
public final class PayloadBuffer {
    private byte[] bytes = new byte[4096];
    private int size;

    public int size() {
        return size;
    }

    public byte[] array() {
        return bytes;
    }

    public void reset() {
        size = 0;
    }

    /**
     * Makes room for {@code n} more bytes and returns where they start; the caller fills them in
     * {@link #array()}, which it must fetch after this call, since growing replaces the array.
     */
    public int reserve(int n) {
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
        }
        int at = size;
        size += n;
        return at;
    }

    public PayloadBuffer put(int b) {
        int at = reserve(1);
        bytes[at] = (byte) b;
        return this;
    }

    public PayloadBuffer putShort(int v) {
        int at = reserve(2);
        bytes[at] = (byte) (v >>> 8);
        bytes[at + 1] = (byte) v;
        return this;
    }

    public PayloadBuffer putInt(int v) {
        int at = reserve(4);
        for (int i = 0; i < 4; i++) {
            bytes[at + i] = (byte) (v >>> (24 - 8 * i));
        }
        return this;
    }

    public PayloadBuffer put(byte[] b, int off, int len) {
        int at = reserve(len);
        System.arraycopy(b, off, bytes, at, len);
        return this;
    }

    public PayloadBuffer put(PayloadBuffer other) {
        return put(other.bytes, 0, other.size);
    }

    public void putPixel(PixelFormat format, int rgb) {
        int at = reserve(format.bytesPerPixel());
        format.put(rgb, bytes, at);
    }

    /** Appends a ZRLE CPIXEL. */
    public void putCompactPixel(PixelFormat format, int rgb) {
        int at = reserve(format.compactBytesPerPixel());
        format.putCompact(rgb, bytes, at);
    }
}
