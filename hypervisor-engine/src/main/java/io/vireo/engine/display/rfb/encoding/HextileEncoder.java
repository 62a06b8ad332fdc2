package io.vireo.engine.display.rfb.encoding;

import java.util.Arrays;

/**
 * Hextile (encoding 5, RFC 6143 §7.7.4): 16x16 tiles, each a background colour plus subrectangles
 * of other colours, or its raw pixels when those are smaller. Background and foreground carry over
 * from tile to tile only inside one rectangle, since libvncclient forgets them between rectangles;
 * after a raw tile both are sent again, and after a tile of coloured subrectangles the foreground.
 */
public final class HextileEncoder implements Encoder {
    public static final int TYPE = 5;
    private static final int RAW = 1, BACKGROUND = 2, FOREGROUND = 4, ANY_SUBRECTS = 8, SUBRECTS_COLOURED = 16;
    private static final int TILE = 16, MAX_SUBRECTS = 255;

    private final Palette palette = new Palette();
    private final int[] counts = new int[256];
    private final boolean[] covered = new boolean[TILE * TILE];
    private final int[] subrects = new int[TILE * TILE];
    private final PayloadBuffer tile = new PayloadBuffer();
    private boolean backgroundKnown, foregroundKnown;
    private int background, foreground;

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Frame frame, int x, int y, int w, int h, PixelFormat format, PayloadBuffer out) {
        backgroundKnown = false;
        foregroundKnown = false;
        for (int ty = y; ty < y + h; ty += TILE) {
            for (int tx = x; tx < x + w; tx += TILE) {
                tile(frame, tx, ty, Math.min(TILE, x + w - tx), Math.min(TILE, y + h - ty), format, out);
            }
        }
    }

    private void tile(Frame frame, int x, int y, int w, int h, PixelFormat format, PayloadBuffer out) {
        palette.collect(frame, x, y, w, h, counts.length - 1);
        int n = palette.size(), bpp = format.bytesPerPixel();
        // every colour but the background takes a subrectangle at least: past this, raw is smaller
        if (n >= counts.length || (n - 1) * (bpp + 2) >= w * h * bpp) {
            raw(frame, x, y, w, h, format, out);
            return;
        }
        int bg = mostFrequent(frame, x, y, w, h, n);
        int found = findSubrects(frame, x, y, w, h, bg);
        boolean coloured = n > 2;
        int fg = coloured || found == 0 ? foreground : frame.at(x + (subrects[0] >>> 12), y + (subrects[0] >>> 8 & 0xF));
        tile.reset();
        int mask = 0;
        if (!backgroundKnown || bg != background) {
            mask |= BACKGROUND;
            tile.putPixel(format, bg);
        }
        if (found > 0) {
            mask |= ANY_SUBRECTS;
            if (coloured) {
                mask |= SUBRECTS_COLOURED;
            } else if (!foregroundKnown || fg != foreground) {
                mask |= FOREGROUND;
                tile.putPixel(format, fg);
            }
            tile.put(found);
            for (int k = 0; k < found; k++) {
                int s = subrects[k], sx = s >>> 12, sy = s >>> 8 & 0xF;
                if (coloured) {
                    tile.putPixel(format, frame.at(x + sx, y + sy));
                }
                tile.put(sx << 4 | sy).put(s & 0xFF);
            }
        }
        if (found > MAX_SUBRECTS || tile.size() >= w * h * bpp) {
            raw(frame, x, y, w, h, format, out);
            return;
        }
        out.put(mask).put(tile);
        backgroundKnown = true;
        background = bg;
        foregroundKnown = !coloured && (foregroundKnown || found > 0);
        foreground = fg;
    }

    private void raw(Frame frame, int x, int y, int w, int h, PixelFormat format, PayloadBuffer out) {
        out.put(RAW);
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                out.putPixel(format, frame.at(i, j));
            }
        }
        backgroundKnown = false;
        foregroundKnown = false;
    }

    private int mostFrequent(Frame frame, int x, int y, int w, int h, int n) {
        Arrays.fill(counts, 0, n, 0);
        int best = 0;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                int k = palette.indexOf(frame.at(i, j));
                if (++counts[k] > counts[best]) {
                    best = k;
                }
            }
        }
        return palette.colour(best);
    }

    /**
     * Covers the pixels that are not background with one-colour rectangles, greedily: from each
     * uncovered pixel as far right, then as far down, as the colour goes. Each is packed as
     * {@code x << 12 | y << 8 | (w - 1) << 4 | (h - 1)}; returns how many (stopping past the limit).
     */
    private int findSubrects(Frame frame, int x, int y, int w, int h, int bg) {
        Arrays.fill(covered, false);
        int found = 0;
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int c = frame.at(x + i, y + j);
                if (c == bg || covered[j * TILE + i]) {
                    continue;
                }
                if (found > MAX_SUBRECTS) {
                    return found;
                }
                int sw = 1;
                while (i + sw < w && !covered[j * TILE + i + sw] && frame.at(x + i + sw, y + j) == c) {
                    sw++;
                }
                int sh = 1;
                while (j + sh < h && rowIs(frame, x + i, y + j + sh, sw, c, j + sh, i)) {
                    sh++;
                }
                for (int b = j; b < j + sh; b++) {
                    Arrays.fill(covered, b * TILE + i, b * TILE + i + sw, true);
                }
                subrects[found++] = i << 12 | j << 8 | (sw - 1) << 4 | (sh - 1);
            }
        }
        return found;
    }

    /** Whether {@code sw} pixels from ({@code fx}, {@code fy}) are all {@code c} and not yet covered. */
    private boolean rowIs(Frame frame, int fx, int fy, int sw, int c, int tileRow, int tileColumn) {
        for (int k = 0; k < sw; k++) {
            if (covered[tileRow * TILE + tileColumn + k] || frame.at(fx + k, fy) != c) {
                return false;
            }
        }
        return true;
    }
}
