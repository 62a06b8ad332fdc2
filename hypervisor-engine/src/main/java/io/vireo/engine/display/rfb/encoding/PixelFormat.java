package io.vireo.engine.display.rfb.encoding;

import java.nio.ByteBuffer;

/** An RFB true-colour pixel format (RFC 6143 §7.4): how a client wants 0x00RRGGBB pixels packed. */
public record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, int redMax, int greenMax, int blueMax,
                          int redShift, int greenShift, int blueShift) {
    public static final PixelFormat DEFAULT = new PixelFormat(32, 24, false, 255, 255, 255, 16, 8, 0);

    /** Reads the 16-byte format of SetPixelFormat / ServerInit; refuses colour maps and odd sizes. */
    public static PixelFormat read(ByteBuffer b) {
        int bpp = b.get() & 0xFF, depth = b.get() & 0xFF;
        boolean big = b.get() != 0, trueColour = b.get() != 0;
        int rMax = b.getShort() & 0xFFFF, gMax = b.getShort() & 0xFFFF, bMax = b.getShort() & 0xFFFF;
        int rShift = b.get() & 0xFF, gShift = b.get() & 0xFF, bShift = b.get() & 0xFF;
        b.position(b.position() + 3);
        if (!trueColour) {
            throw new IllegalArgumentException("colour-map pixel formats are not supported; use true colour");
        }
        if (bpp != 8 && bpp != 16 && bpp != 32) {
            throw new IllegalArgumentException("unsupported bits per pixel: " + bpp);
        }
        if (rShift > 31 || gShift > 31 || bShift > 31) {
            throw new IllegalArgumentException("colour shift out of range");
        }
        return new PixelFormat(bpp, depth, big, rMax, gMax, bMax, rShift, gShift, bShift);
    }

    public void write(ByteBuffer b) {
        b.put((byte) bitsPerPixel).put((byte) depth).put((byte) (bigEndian ? 1 : 0)).put((byte) 1)
                .putShort((short) redMax).putShort((short) greenMax).putShort((short) blueMax)
                .put((byte) redShift).put((byte) greenShift).put((byte) blueShift).put(new byte[3]);
    }

    public int bytesPerPixel() {
        return bitsPerPixel / 8;
    }

    /** The client's pixel value for one 0x00RRGGBB pixel. */
    public int pack(int rgb) {
        int r = ((rgb >>> 16) & 0xFF) * redMax / 255;
        int g = ((rgb >>> 8) & 0xFF) * greenMax / 255;
        int b = (rgb & 0xFF) * blueMax / 255;
        return (r << redShift) | (g << greenShift) | (b << blueShift);
    }

    /** Packs one 0x00RRGGBB pixel into {@code out} at {@code at}, in the client's byte order. */
    public void put(int rgb, byte[] out, int at) {
        putValue(pack(rgb), bytesPerPixel(), out, at);
    }

    private void putValue(int v, int n, byte[] out, int at) {
        for (int i = 0; i < n; i++) {
            int shift = bigEndian ? 8 * (n - 1 - i) : 8 * i;
            out[at + i] = (byte) (v >>> shift);
        }
    }

    /**
     * ZRLE's CPIXEL (RFC 6143 §7.7.6): 32-bit pixels whose colour bits all lie in the low or the high
     * three bytes travel as those three bytes only.
     */
    public int compactBytesPerPixel() {
        return compactShift() >= 0 ? 3 : bytesPerPixel();
    }

    /** Packs a CPIXEL; see {@link #compactBytesPerPixel()}. */
    public void putCompact(int rgb, byte[] out, int at) {
        int shift = compactShift();
        if (shift < 0) {
            put(rgb, out, at);
        } else {
            putValue(pack(rgb) >>> shift, 3, out, at);
        }
    }

    /** How far the three significant bytes of a 32-bit pixel sit from bit 0, or -1 if CPIXEL is the full pixel. */
    private int compactShift() {
        if (bitsPerPixel != 32 || depth > 24) {
            return -1;
        }
        long mask = ((long) redMax << redShift) | ((long) greenMax << greenShift) | ((long) blueMax << blueShift);
        if ((mask & ~0xFFFFFFL) == 0) {
            return 0;
        }
        return (mask & ~0xFFFFFF00L) == 0 ? 8 : -1;
    }

    /** Tight's TPIXEL is three bytes R, G, B exactly for 32-bit pixels of 8-bit channels. */
    public boolean tightRgb() {
        return bitsPerPixel == 32 && depth == 24 && redMax == 255 && greenMax == 255 && blueMax == 255;
    }
}
