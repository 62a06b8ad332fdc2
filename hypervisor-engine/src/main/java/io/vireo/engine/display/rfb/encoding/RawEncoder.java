package io.vireo.engine.display.rfb.encoding;

/** Raw (encoding 0, RFC 6143 §7.7.1): every pixel in the client's format, row by row. */
public final class RawEncoder implements Encoder {
    public static final int TYPE = 0;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Frame frame, int x, int y, int w, int h, PixelFormat format, PayloadBuffer out) {
        int bpp = format.bytesPerPixel();
        int at = out.reserve(w * h * bpp);
        byte[] bytes = out.array();
        for (int j = y; j < y + h; j++) {
            int row = j * frame.width();
            for (int i = x; i < x + w; i++, at += bpp) {
                format.put(frame.pixels()[row + i], bytes, at);
            }
        }
    }
}
