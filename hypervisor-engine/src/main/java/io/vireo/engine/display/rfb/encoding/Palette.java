package io.vireo.engine.display.rfb.encoding;

import java.util.Arrays;

/**
 * The distinct colours of a rectangle, in order of first appearance, up to a limit: ZRLE and Tight
 * choose palette encodings from it. An open-addressing table keeps lookups cheap per pixel.
 */
final class Palette {
    private final int[] keys = new int[1024];
    private final short[] slots = new short[1024];
    private final int[] colours = new int[256];
    private int size;

    /** Collects the colours of a rectangle of {@code frame}; stops early once there are more than {@code limit}. */
    void collect(Frame frame, int x, int y, int w, int h, int limit) {
        Arrays.fill(slots, (short) -1);
        size = 0;
        int last = ~frame.at(x, y);
        for (int j = y; j < y + h; j++) {
            int row = j * frame.width();
            for (int i = x; i < x + w; i++) {
                int c = frame.pixels()[row + i];
                if (c != last) {
                    last = c;
                    if (indexOf(c) < 0 && !add(c, limit)) {
                        return;
                    }
                }
            }
        }
    }

    /** How many colours were found; more than the limit means "too many". */
    int size() {
        return size;
    }

    int colour(int index) {
        return colours[index];
    }

    int indexOf(int colour) {
        int h = hash(colour);
        while (slots[h] >= 0) {
            if (keys[h] == colour) {
                return slots[h];
            }
            h = (h + 1) & (keys.length - 1);
        }
        return -1;
    }

    private boolean add(int colour, int limit) {
        if (size >= limit) {
            size = limit + 1;
            return false;
        }
        int h = hash(colour);
        while (slots[h] >= 0) {
            h = (h + 1) & (keys.length - 1);
        }
        keys[h] = colour;
        slots[h] = (short) size;
        colours[size++] = colour;
        return true;
    }

    private static int hash(int colour) {
        return (colour * 0x9E3779B1) >>> 22;
    }
}
