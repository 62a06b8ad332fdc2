package io.vireo.engine.display.rfb;

import io.vireo.engine.display.rfb.encoding.PayloadBuffer;
import io.vireo.engine.display.rfb.encoding.PixelFormat;

/**
 * The arrow a client draws locally (Cursor pseudo-encoding, RFC 6143 §7.8.1) while the guest shows no
 * cursor of its own: without it a viewer that hides its own pointer would show none at all.
 */
final class DefaultCursor {
    private static final String[] SHAPE = {
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
    static final int WIDTH = SHAPE[0].length(), HEIGHT = SHAPE.length, HOTSPOT_X = 0, HOTSPOT_Y = 0;

    private DefaultCursor() {
    }

    /** The pixels in the client's format, then the bitmask of which are opaque (rows padded to bytes). */
    static void encode(PixelFormat format, PayloadBuffer out) {
        for (String row : SHAPE) {
            for (char c : row.toCharArray()) {
                out.putPixel(format, c == '.' ? 0xFFFFFF : 0);
            }
        }
        for (String row : SHAPE) {
            int acc = 0;
            for (int i = 0; i < (WIDTH + 7) / 8 * 8; i++) {
                acc = acc << 1 | (i < WIDTH && row.charAt(i) != ' ' ? 1 : 0);
                if (i % 8 == 7) {
                    out.put(acc);
                    acc = 0;
                }
            }
        }
    }
}
