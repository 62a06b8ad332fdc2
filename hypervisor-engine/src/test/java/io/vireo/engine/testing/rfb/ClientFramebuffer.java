package io.vireo.engine.testing.rfb;

import io.vireo.engine.display.rfb.encoding.PixelFormat;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The client's copy of the screen, in values of the client's pixel format, and how pixels of that
 * format are read off the wire. The decoders of {@link RfbClient} draw into it.
 */
final class ClientFramebuffer {
    private PixelFormat format = PixelFormat.DEFAULT;
    private int width, height;
    private int[] pixels = new int[0];

    PixelFormat format() {
        return format;
    }

    void format(PixelFormat f) {
        format = f;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int[] pixels() {
        return pixels;
    }

    void resize(int w, int h) {
        width = w;
        height = h;
        pixels = new int[w * h];
    }

    void set(int x, int y, int value) {
        pixels[y * width + x] = value;
    }

    void fill(int x, int y, int w, int h, int value) {
        for (int j = 0; j < h; j++) {
            Arrays.fill(pixels, (y + j) * width + x, (y + j) * width + x + w, value);
        }
    }

    /** Raw pixels of a w x h area at (x, y), row by row, in the client's format. */
    void readRaw(DataInputStream s, int x, int y, int w, int h) throws IOException {
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                set(x + i, y + j, readPixel(s, format.bytesPerPixel()));
            }
        }
    }

    /** CopyRect: the w x h area at (sx, sy) to (x, y); the two may overlap. */
    void copy(int sx, int sy, int x, int y, int w, int h) {
        int[] copy = new int[w * h];
        for (int j = 0; j < h; j++) {
            System.arraycopy(pixels, (sy + j) * width + sx, copy, j * w, w);
        }
        for (int j = 0; j < h; j++) {
            System.arraycopy(copy, j * w, pixels, (y + j) * width + x, w);
        }
    }

    /** One colour channel of the pixel at (x, y), in the format's range 0..max. */
    int channel(int x, int y, int shift, int max) {
        return pixels[y * width + x] >>> shift & max;
    }

    /**
     * A pixel of {@code bytes} bytes in the format's byte order. Fewer bytes than the format's are a
     * CPIXEL (ZRLE, Tight): three bytes of a 32-bit pixel, shifted back to where its colours sit.
     */
    int readPixel(DataInputStream s, int bytes) throws IOException {
        int v = 0;
        for (int i = 0; i < bytes; i++) {
            int b = s.readUnsignedByte();
            v |= format.bigEndian() ? b << (8 * (bytes - 1 - i)) : b << (8 * i);
        }
        return bytes == format.bytesPerPixel() ? v : v << compactShift();
    }

    /** Where a CPIXEL's three bytes sit in the full 32-bit pixel. */
    private int compactShift() {
        long mask = ((long) format.redMax() << format.redShift()) | ((long) format.greenMax() << format.greenShift())
                | ((long) format.blueMax() << format.blueShift());
        return (mask & ~0xFFFFFFL) == 0 ? 0 : 8;
    }

    /** One row of palette indices packed {@code bits} to a byte, most significant first, each row byte-aligned. */
    void unpackRow(DataInputStream s, int bits, int[] palette, int x, int y, int w) throws IOException {
        int acc = 0, left = 0;
        for (int i = 0; i < w; i++) {
            if (left == 0) {
                acc = s.readUnsignedByte();
                left = 8;
            }
            left -= bits;
            set(x + i, y, palette[(acc >>> left) & ((1 << bits) - 1)]);
        }
    }
}
