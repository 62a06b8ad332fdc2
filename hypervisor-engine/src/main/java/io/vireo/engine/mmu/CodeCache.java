package io.vireo.engine.mmu;

import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Decoded instructions of guest RAM, one {@code long[]} per 4 KiB physical page (a slot per 2-byte
 * parcel), shared by all harts of a machine. Every path that writes guest RAM drops the decode of the
 * pages it wrote: hart stores through the {@link Mmu}, devices through {@link GuestMemory}'s write
 * observer. So no decode ever outlives the bytes it came from, and FENCE.I has nothing left to flush
 * here (the Linux boot issues over a hundred thousand of them while it patches its own text).
 */
public final class CodeCache {
    public static final int SLOTS = 2048;

    private final long[][] pages;
    private final byte[] isCode;
    /** Bumped on every write to a page that holds decodes, before they are dropped. */
    private final int[] generations;

    public CodeCache(long ramSize) {
        int count = (int) (ramSize >>> 12);
        pages = new long[count][];
        isCode = new byte[count];
        generations = new int[count];
    }

    /** The decode slots of the RAM page with index {@code page}. */
    public long[] page(int page) {
        long[] slots = pages[page];
        if (slots == null) {
            slots = new long[SLOTS];
            pages[page] = slots;
        }
        isCode[page] = 1;
        return slots;
    }

    /** The guest wrote to this page: forget what was decoded from it. */
    public void written(int page) {
        isCode[page] = 0;
        long[] slots = pages[page];
        if (slots != null) {
            generations[page]++;
            VarHandle.storeStoreFence();
            Arrays.fill(slots, 0);
        }
    }

    /** A device wrote {@code length} bytes at RAM offset {@code offset}. */
    public void written(long offset, long length) {
        if (length <= 0) {
            return;
        }
        for (long page = offset >>> 12; page <= (offset + length - 1) >>> 12; page++) {
            if (isCode[(int) page] != 0) {
                written((int) page);
            }
        }
    }

    /** Changes whenever the page's decodes are dropped: a translation that saw it change may be stale. */
    public int generation(int page) {
        return generations[page];
    }

    /** Marks a page as holding decoded instructions again (its slots are being refilled). */
    public void markCode(int page) {
        isCode[page] = 1;
    }

    byte[] codeFlags() {
        return isCode;
    }
}
