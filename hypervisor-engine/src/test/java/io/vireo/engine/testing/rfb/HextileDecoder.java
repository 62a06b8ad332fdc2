package io.vireo.engine.testing.rfb;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * Hextile rectangles: 16x16 tiles, raw or a background with subrectangles. Strict where viewers
 * differ: background and foreground carry over between the tiles of one rectangle only (libvncclient),
 * and neither survives a raw tile, nor the foreground a tile of coloured subrectangles.
 */
final class HextileDecoder {
    private static final int RAW = 1, BACKGROUND = 2, FOREGROUND = 4, ANY_SUBRECTS = 8, SUBRECTS_COLOURED = 16;
    private final ClientFramebuffer screen;

    HextileDecoder(ClientFramebuffer screen) {
        this.screen = screen;
    }

    void decode(DataInputStream in, RfbClient.Rect r) throws IOException {
        int bpp = screen.format().bytesPerPixel();
        Integer background = null, foreground = null;
        for (int ty = r.y(); ty < r.y() + r.h(); ty += 16) {
            for (int tx = r.x(); tx < r.x() + r.w(); tx += 16) {
                int w = Math.min(16, r.x() + r.w() - tx), h = Math.min(16, r.y() + r.h() - ty);
                int mask = in.readUnsignedByte();
                if ((mask & RAW) != 0) {
                    screen.readRaw(in, tx, ty, w, h);
                    background = null;
                    foreground = null;
                    continue;
                }
                if ((mask & BACKGROUND) != 0) {
                    background = screen.readPixel(in, bpp);
                }
                if (background == null) {
                    throw new IOException("hextile tile at (" + tx + "," + ty + ") without a background");
                }
                screen.fill(tx, ty, w, h, background);
                if ((mask & FOREGROUND) != 0) {
                    foreground = screen.readPixel(in, bpp);
                }
                if ((mask & ANY_SUBRECTS) == 0) {
                    continue;
                }
                int n = in.readUnsignedByte();
                for (int k = 0; k < n; k++) {
                    int colour;
                    if ((mask & SUBRECTS_COLOURED) != 0) {
                        colour = screen.readPixel(in, bpp);
                    } else if (foreground == null) {
                        throw new IOException("hextile subrectangle at (" + tx + "," + ty + ") without a foreground");
                    } else {
                        colour = foreground;
                    }
                    int xy = in.readUnsignedByte(), wh = in.readUnsignedByte();
                    int sx = xy >>> 4, sy = xy & 15, sw = (wh >>> 4) + 1, sh = (wh & 15) + 1;
                    if (sx + sw > w || sy + sh > h) {
                        throw new IOException("hextile subrectangle outside its tile at (" + tx + "," + ty + ")");
                    }
                    screen.fill(tx + sx, ty + sy, sw, sh, colour);
                }
                if ((mask & SUBRECTS_COLOURED) != 0) {
                    foreground = null;
                }
            }
        }
    }
}
