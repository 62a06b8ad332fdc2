package io.vireo.engine.display.rfb.encoding;

/**
 * ZRLE (encoding 16, RFC 6143 §7.7.6): 64x64 tiles, each solid, packed-palette, palette-RLE, plain RLE
 * or raw CPIXELs, whichever is smallest, all through one zlib stream for the whole session.
 */
public final class ZrleEncoder implements Encoder {
    public static final int TYPE = 16;
    private static final int TILE = 64, MAX_PALETTE_RLE = 127, MAX_PACKED = 16;

    private final ZlibStream zlib;
    private final Palette palette = new Palette();
    private final PayloadBuffer tiles = new PayloadBuffer();
    private final PayloadBuffer compressed = new PayloadBuffer();

    public ZrleEncoder(int compressionLevel) {
        zlib = new ZlibStream(compressionLevel);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Frame frame, int x, int y, int w, int h, PixelFormat format, PayloadBuffer out) {
        tiles.reset();
        for (int ty = y; ty < y + h; ty += TILE) {
            for (int tx = x; tx < x + w; tx += TILE) {
                tile(frame, tx, ty, Math.min(TILE, x + w - tx), Math.min(TILE, y + h - ty), format);
            }
        }
        compressed.reset();
        zlib.compress(tiles, compressed);
        out.putInt(compressed.size()).put(compressed);
    }

    private void tile(Frame frame, int x, int y, int w, int h, PixelFormat format) {
        int cp = format.compactBytesPerPixel();
        palette.collect(frame, x, y, w, h, MAX_PALETTE_RLE);
        int n = palette.size();
        if (n == 1) {
            tiles.put(1);
            tiles.putCompactPixel(format, palette.colour(0));
            return;
        }
        long runs = 0, runLengthBytes = 0, singles = 0;
        int count = 0, previous = frame.at(x, y);
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                int c = frame.at(i, j);
                if (c != previous) {
                    runs++;
                    runLengthBytes += (count - 1) / 255 + 1;
                    singles += count == 1 ? 1 : 0;
                    previous = c;
                    count = 0;
                }
                count++;
            }
        }
        runs++;
        runLengthBytes += (count - 1) / 255 + 1;
        singles += count == 1 ? 1 : 0;

        long raw = (long) w * h * cp;
        long plainRle = runs * cp + runLengthBytes;
        long paletteRle = n <= MAX_PALETTE_RLE ? (long) n * cp + runs + runLengthBytes - singles : Long.MAX_VALUE;
        int bits = n <= 2 ? 1 : n <= 4 ? 2 : 4;
        long packed = n <= MAX_PACKED ? (long) n * cp + (long) (w * bits + 7) / 8 * h : Long.MAX_VALUE;
        long best = Math.min(Math.min(raw, plainRle), Math.min(paletteRle, packed));
        if (best == packed) {
            packedPalette(frame, x, y, w, h, format, n, bits);
        } else if (best == paletteRle) {
            runs(frame, x, y, w, h, format, true);
        } else if (best == plainRle) {
            runs(frame, x, y, w, h, format, false);
        } else {
            tiles.put(0);
            for (int j = y; j < y + h; j++) {
                for (int i = x; i < x + w; i++) {
                    tiles.putCompactPixel(format, frame.at(i, j));
                }
            }
        }
    }

    private void putPalette(PixelFormat format, int n) {
        for (int k = 0; k < n; k++) {
            tiles.putCompactPixel(format, palette.colour(k));
        }
    }

    /** Indices packed MSB first, each row starting on a byte boundary. */
    private void packedPalette(Frame frame, int x, int y, int w, int h, PixelFormat format, int n, int bits) {
        tiles.put(n);
        putPalette(format, n);
        for (int j = y; j < y + h; j++) {
            int acc = 0, filled = 0;
            for (int i = x; i < x + w; i++) {
                acc = (acc << bits) | palette.indexOf(frame.at(i, j));
                filled += bits;
                if (filled == 8) {
                    tiles.put(acc);
                    acc = 0;
                    filled = 0;
                }
            }
            if (filled > 0) {
                tiles.put(acc << (8 - filled));
            }
        }
    }

    /** Runs over the whole tile (they cross rows); with a palette, single pixels need no length. */
    private void runs(Frame frame, int x, int y, int w, int h, PixelFormat format, boolean withPalette) {
        int n = palette.size();
        if (withPalette) {
            tiles.put(128 + n);
            putPalette(format, n);
        } else {
            tiles.put(128);
        }
        int count = 0, previous = frame.at(x, y);
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                int c = frame.at(i, j);
                if (c != previous) {
                    run(format, previous, count, withPalette);
                    previous = c;
                    count = 0;
                }
                count++;
            }
        }
        run(format, previous, count, withPalette);
    }

    private void run(PixelFormat format, int colour, int length, boolean withPalette) {
        if (withPalette) {
            int index = palette.indexOf(colour);
            if (length == 1) {
                tiles.put(index);
                return;
            }
            tiles.put(index | 128);
        } else {
            tiles.putCompactPixel(format, colour);
        }
        int rest = length - 1;
        for (; rest >= 255; rest -= 255) {
            tiles.put(255);
        }
        tiles.put(rest);
    }
}
