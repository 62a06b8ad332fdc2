package io.vireo.engine.display.rfb;

import java.nio.ByteBuffer;

/** An RFB true-colour pixel format (RFC 6143 §7.4): how a client wants 0x00RRGGBB pixels packed. */
record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, int redMax, int greenMax, int blueMax,
                   int redShift, int greenShift, int blueShift) {
    static final PixelFormat DEFAULT = new PixelFormat(32, 24, false, 255, 255, 255, 16, 8, 0);

    /** Reads the 16-byte format of SetPixelFormat / ServerInit; refuses colour maps and odd sizes. */
    static PixelFormat read(ByteBuffer b) throws RfbException {
        int bpp = b.get() & 0xFF, depth = b.get() & 0xFF;
        boolean big = b.get() != 0, trueColour = b.get() != 0;
        int rMax = b.getShort() & 0xFFFF, gMax = b.getShort() & 0xFFFF, bMax = b.getShort() & 0xFFFF;
        int rShift = b.get() & 0xFF, gShift = b.get() & 0xFF, bShift = b.get() & 0xFF;
        b.position(b.position() + 3);
        if (!trueColour) {
            throw new RfbException("colour-map pixel formats are not supported; use true colour");
        }
        if (bpp != 8 && bpp != 16 && bpp != 32) {
            throw new RfbException("unsupported bits per pixel: " + bpp);
        }
        if (rShift > 31 || gShift > 31 || bShift > 31) {
            throw new RfbException("colour shift out of range");
        }
        return new PixelFormat(bpp, depth, big, rMax, gMax, bMax, rShift, gShift, bShift);
    }

    void write(ByteBuffer b) {
        b.put((byte) bitsPerPixel).put((byte) depth).put((byte) (bigEndian ? 1 : 0)).put((byte) 1)
                .putShort((short) redMax).putShort((short) greenMax).putShort((short) blueMax)
                .put((byte) redShift).put((byte) greenShift).put((byte) blueShift).put(new byte[3]);
    }

    int bytesPerPixel() {
        return bitsPerPixel / 8;
    }

    /** Packs one 0x00RRGGBB pixel into {@code out} at {@code at}. */
    void put(int rgb, byte[] out, int at) {
        int r = ((rgb >>> 16) & 0xFF) * redMax / 255;
        int g = ((rgb >>> 8) & 0xFF) * greenMax / 255;
        int b = (rgb & 0xFF) * blueMax / 255;
        int v = (r << redShift) | (g << greenShift) | (b << blueShift);
        int n = bytesPerPixel();
        for (int i = 0; i < n; i++) {
            int shift = bigEndian ? 8 * (n - 1 - i) : 8 * i;
            out[at + i] = (byte) (v >>> shift);
        }
    }
}
