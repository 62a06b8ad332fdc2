package io.vireo.engine.display.rfb;

import io.vireo.engine.display.CursorImage;
import io.vireo.engine.display.rfb.encoding.PayloadBuffer;
import io.vireo.engine.display.rfb.encoding.PixelFormat;

/**
 * The Cursor pseudo-encoding (RFC 6143 §7.8.1): the client draws the pointer itself, from the
 * guest's shape or, while the guest has set none, an arrow, since a viewer that hides its own
 * pointer over the screen would otherwise show none at all.
 */
final class CursorRectangle {
    private static final String[] ARROW_SHAPE = {
        "X          ",
        "XX         ",
        "X.X        ",
        "X..X       ",
        "X...X      ",
        "X....X     ",
        "X.....X    ",
        "X......X   ",
        "X.......X  ",
        "X........X ",
        "X.....XXXXX",
        "X..X..X    ",
        "X.X X..X   ",
        "XX  X..X   ",
        "X    X..X  ",
        "     X..X  ",
        "      XX   ",
    };
    static final CursorImage ARROW = arrow();

    private CursorRectangle() {
    }

    private static CursorImage arrow() {
        int w = ARROW_SHAPE[0].length(), h = ARROW_SHAPE.length;
        int[] argb = new int[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                char c = ARROW_SHAPE[j].charAt(i);
                argb[j * w + i] = c == ' ' ? 0 : c == '.' ? 0xFFFFFFFF : 0xFF000000;
            }
        }
        return new CursorImage(w, h, 0, 0, argb);
    }

    /** The pixels in the client's format, then the bitmask of the opaque ones (alpha at least half), rows padded to bytes. */
    static void encode(CursorImage cursor, PixelFormat format, PayloadBuffer out) {
        int w = cursor.width();
        for (int p : cursor.argb()) {
            out.putPixel(format, p & 0xFFFFFF);
        }
        for (int j = 0; j < cursor.height(); j++) {
            int acc = 0;
            for (int i = 0; i < (w + 7) / 8 * 8; i++) {
                acc = acc << 1 | (i < w && cursor.argb()[j * w + i] >>> 31 != 0 ? 1 : 0);
                if (i % 8 == 7) {
                    out.put(acc);
                    acc = 0;
                }
            }
        }
    }
}
