package io.vireo.engine.display.rfb.encoding;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a vertical scroll inside a damaged rectangle by comparing it with the frame the client
 * already shows: a text console that scrolls redraws the whole screen, yet most of it is the old
 * picture moved up, which CopyRect sends in 12 bytes. Row hashes vote for the offset; the rows are
 * then compared exactly, so a copy is only ever sent for pixels that really match.
 */
public final class ScrollDetector {
    private static final int MIN_ROWS = 16;

    /** Rows {@code [dstY, dstY + rows)} of the new frame equal rows {@code [srcY, srcY + rows)} of the shown one. */
    public record Scroll(int srcY, int dstY, int rows) {
    }

    private ScrollDetector() {
    }

    public static Optional<Scroll> find(Frame shown, Frame now, int x, int y, int w, int h) {
        if (h < MIN_ROWS) {
            return Optional.empty();
        }
        Map<Long, Integer> shownRows = new HashMap<>();
        long[] nowHashes = new long[h];
        for (int j = 0; j < h; j++) {
            long old = rowHash(shown, x, y + j, w);
            if (old != 0) {
                shownRows.putIfAbsent(old, y + j);
            }
            nowHashes[j] = rowHash(now, x, y + j, w);
        }
        Map<Integer, Integer> votes = new HashMap<>();
        for (int j = 0; j < h; j++) {
            Integer src = nowHashes[j] == 0 ? null : shownRows.get(nowHashes[j]);
            if (src != null && src != y + j) {
                votes.merge(src - (y + j), 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue())
                .flatMap(best -> longestBand(shown, now, x, y, w, h, best.getKey()));
    }

    /** The longest run of rows that moved by {@code offset} exactly. */
    private static Optional<Scroll> longestBand(Frame shown, Frame now, int x, int y, int w, int h, int offset) {
        int bestStart = 0, bestRows = 0, start = -1;
        int from = Math.max(y, y - offset), to = Math.min(y + h, y + h - offset);
        for (int dst = from; dst <= to; dst++) {
            boolean same = dst < to && rowsEqual(shown, dst + offset, now, dst, x, w);
            if (same && start < 0) {
                start = dst;
            } else if (!same && start >= 0) {
                if (dst - start > bestRows) {
                    bestStart = start;
                    bestRows = dst - start;
                }
                start = -1;
            }
        }
        return bestRows >= MIN_ROWS ? Optional.of(new Scroll(bestStart + offset, bestStart, bestRows)) : Optional.empty();
    }

    private static boolean rowsEqual(Frame a, int ya, Frame b, int yb, int x, int w) {
        int ia = ya * a.width() + x, ib = yb * b.width() + x;
        return Arrays.equals(a.pixels(), ia, ia + w, b.pixels(), ib, ib + w);
    }

    /** A hash of one row, 0 for a row of one colour: blank rows match everywhere and prove nothing. */
    private static long rowHash(Frame f, int x, int y, int w) {
        int[] p = f.pixels();
        int base = y * f.width() + x, first = p[base];
        long hash = 1;
        boolean uniform = true;
        for (int i = 0; i < w; i++) {
            int c = p[base + i];
            uniform &= c == first;
            hash = hash * 0x100000001B3L + c;
        }
        return uniform ? 0 : hash;
    }
}
