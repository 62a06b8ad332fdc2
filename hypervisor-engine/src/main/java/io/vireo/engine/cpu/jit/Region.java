package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.Decoded;
import io.vireo.engine.cpu.Op;

import java.util.List;

/**
 * Guest code of one 4 KiB page that is translated as one unit: runs of straight-line instructions found
 * by following branches and jumps from a hot start, and the page offsets control may enter it at.
 *
 * <p>A run ends with a jump (JAL, JALR) or flows on at {@link Run#next()}: into another run's instruction,
 * or out of the region (an instruction that is not translated, the page's end, the size limit).
 */
final class Region {
    /** Instructions at consecutive page offsets; {@code next} is the offset just past the last one. */
    record Run(int[] offsets, long[] decoded, int next) {
        int count() {
            return offsets.length;
        }

        boolean endsInJump() {
            int op = Decoded.op(decoded[count() - 1]);
            return op == Op.JAL || op == Op.JALR;
        }
    }

    private final List<Run> runs;
    private final int[] entries;
    /** Per parcel slot of the page: 1 + (run << 16 | index) of the instruction starting there, or 0. */
    private final int[] where = new int[0x800];

    Region(List<Run> runs, int[] entries) {
        this.runs = List.copyOf(runs);
        this.entries = entries.clone();
        for (int r = 0; r < runs.size(); r++) {
            int[] offsets = runs.get(r).offsets();
            for (int i = 0; i < offsets.length; i++) {
                where[offsets[i] >>> 1] = 1 + (r << 16 | i);
            }
        }
    }

    List<Run> runs() {
        return runs;
    }

    /** Page offsets control may enter at, the hot start first. */
    int[] entries() {
        return entries.clone();
    }

    /** Whether an instruction of the region starts at page offset {@code offset} (any value). */
    boolean startsAt(long offset) {
        return offset >= 0 && offset < 0x1000 && (offset & 1) == 0 && where[(int) offset >>> 1] != 0;
    }

    /** The decoded instruction at page offset {@code offset}, which must start one. */
    long decodedAt(int offset) {
        int w = where[offset >>> 1] - 1;
        return runs.get(w >>> 16).decoded()[w & 0xFFFF];
    }

    /**
     * Instructions that retire from page offset {@code offset} on before control reaches another check
     * (a jump or the end of its run): the most a translated region retires after entering there.
     */
    int stretch(int offset) {
        int w = where[offset >>> 1] - 1;
        return runs.get(w >>> 16).count() - (w & 0xFFFF);
    }

    int instructionCount() {
        return runs.stream().mapToInt(Run::count).sum();
    }
}
