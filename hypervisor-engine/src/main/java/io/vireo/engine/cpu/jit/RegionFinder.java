package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.Decoded;
import io.vireo.engine.cpu.Decoder;
import io.vireo.engine.cpu.Op;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Finds the {@link Region} around a hot start: decodes straight on from it, and from the branch targets,
 * jump targets and calls' return points inside the page that control has reached, until the region would
 * outgrow what the JVM still compiles (HotSpot leaves methods over 8000 bytes of bytecode to its
 * interpreter). Code that never ran stays out, so the JVM compiles only what is worth it.
 */
final class RegionFinder {
    /** Estimated bytecode the region's method may take, with room left under HotSpot's 8000-byte limit. */
    static final int BYTECODE_BUDGET = 6000;
    private static final int PAGE = 0x1000;
    private static final ValueLayout.OfShort PARCEL = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment ram;
    private final long ramPage;
    private final IntPredicate reached;
    private final boolean[] taken = new boolean[PAGE / 2];
    private final Set<Integer> entries = new LinkedHashSet<>();
    private final ArrayDeque<Integer> heads = new ArrayDeque<>();
    private final List<Region.Run> runs = new ArrayList<>();
    private int bytecode;

    private RegionFinder(MemorySegment ram, long ramPage, IntPredicate reached) {
        this.ram = ram;
        this.ramPage = ramPage;
        this.reached = reached;
    }

    /**
     * The region entered at page offset {@code start} of the RAM page at {@code ramPage}, taking in the
     * targets for which {@code reached} holds; null if nothing at {@code start} translates.
     */
    static Region find(MemorySegment ram, long ramPage, int start, IntPredicate reached) {
        return new RegionFinder(ram, ramPage, reached).from(start);
    }

    private Region from(int start) {
        heads.add(start);
        while (!heads.isEmpty() && bytecode < BYTECODE_BUDGET) {
            int head = heads.poll();
            if (taken[head >>> 1] || decodeRun(head)) {
                entries.add(head);
            }
        }
        if (!entries.contains(start)) {
            return null;
        }
        return new Region(runs, entries.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Decodes the run from {@code head}; whether it holds any instruction. */
    private boolean decodeRun(int head) {
        int[] offsets = new int[64];
        long[] decoded = new long[64];
        int count = 0, offset = head;
        while (offset < PAGE && !taken[offset >>> 1] && bytecode < BYTECODE_BUDGET) {
            long d = decode(offset);
            int op = Decoded.op(d);
            if (d == 0 || !RegionCompiler.translatable(d)) {
                break;
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                decoded = Arrays.copyOf(decoded, count * 2);
            }
            offsets[count] = offset;
            decoded[count++] = d;
            taken[offset >>> 1] = true;
            bytecode += RegionCompiler.estimatedBytecode(op);
            int next = offset + Decoded.length(d);
            if (op >= Op.BEQ && op <= Op.BGEU || op == Op.JAL) {
                follow(offset + Decoded.imm(d));
            }
            if ((op == Op.JAL || op == Op.JALR) && Decoded.rd(d) != 0) {
                follow(next);
            }
            offset = next;
            if (op == Op.JAL || op == Op.JALR || op >= Op.BEQ && op <= Op.BGEU && !(next < PAGE && reached.test(next))) {
                break;
            }
        }
        if (count == 0) {
            return false;
        }
        runs.add(new Region.Run(Arrays.copyOf(offsets, count), Arrays.copyOf(decoded, count), offset));
        return true;
    }

    private void follow(long target) {
        if (target >= 0 && target < PAGE && (target & 1) == 0 && reached.test((int) target)) {
            heads.add((int) target);
        }
    }

    /** The instruction at {@code offset}, or 0 if it would straddle the page's end. */
    private long decode(int offset) {
        int lo = ram.get(PARCEL, ramPage + offset) & 0xFFFF;
        if ((lo & 3) != 3) {
            return Decoder.decode(lo);
        }
        if (offset + 4 > PAGE) {
            return 0;
        }
        return Decoder.decode(lo | (ram.get(PARCEL, ramPage + offset + 2) & 0xFFFF) << 16);
    }
}
