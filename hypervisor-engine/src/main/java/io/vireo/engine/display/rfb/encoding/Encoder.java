package io.vireo.engine.display.rfb.encoding;

/**
 * One RFB rectangle encoding: writes the payload that follows a rectangle's 12-byte header. An
 * encoder may keep state across rectangles of one session (zlib streams), so each session has its own.
 */
public interface Encoder {
    /** The RFB encoding number in the rectangle header. */
    int type();

    void encode(Frame frame, int x, int y, int w, int h, PixelFormat format, PayloadBuffer out);

    /** The widest rectangle this encoding allows; the session splits wider ones. */
    default int maxWidth() {
        return Integer.MAX_VALUE;
    }

    /** The most pixels per rectangle this encoding wants; the session splits larger ones into bands. */
    default int maxPixels() {
        return Integer.MAX_VALUE;
    }
}
