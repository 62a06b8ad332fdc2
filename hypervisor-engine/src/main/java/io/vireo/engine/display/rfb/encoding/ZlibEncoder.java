package io.vireo.engine.display.rfb.encoding;

/**
 * Zlib (encoding 6): the rectangle's Raw pixels through one zlib stream that lasts the session,
 * each rectangle prefixed with its compressed length. Older viewers ask for it; QEMU serves it too.
 */
public final class ZlibEncoder implements Encoder {
    public static final int TYPE = 6;
    private static final int MAX_PIXELS = 1 << 16;

    private final RawEncoder raw = new RawEncoder();
    private final ZlibStream zlib;
    private final PayloadBuffer pixels = new PayloadBuffer();
    private final PayloadBuffer compressed = new PayloadBuffer();

    public ZlibEncoder(int compressionLevel) {
        zlib = new ZlibStream(compressionLevel);
    }

    @Override
    public int type() {
        return TYPE;
    }

    /** Bands of at most this many pixels, so a full screen reaches the client a piece at a time. */
    @Override
    public int maxPixels() {
        return MAX_PIXELS;
    }

    @Override
    public void encode(Frame frame, int x, int y, int w, int h, PixelFormat format, PayloadBuffer out) {
        pixels.reset();
        raw.encode(frame, x, y, w, h, format, pixels);
        compressed.reset();
        zlib.compress(pixels, compressed);
        out.putInt(compressed.size()).put(compressed);
    }
}
