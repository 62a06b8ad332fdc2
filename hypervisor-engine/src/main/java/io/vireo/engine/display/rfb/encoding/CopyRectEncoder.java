package io.vireo.engine.display.rfb.encoding;

/**
 * CopyRect (encoding 1, RFC 6143 §7.7.2): the client copies the rectangle from ({@code srcX}, {@code srcY})
 * of its own framebuffer, so only the source position travels.
 */
public record CopyRectEncoder(int srcX, int srcY) implements Encoder {
    public static final int TYPE = 1;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Frame frame, int x, int y, int w, int h, PixelFormat format, PayloadBuffer out) {
        out.putShort(srcX).putShort(srcY);
    }
}
