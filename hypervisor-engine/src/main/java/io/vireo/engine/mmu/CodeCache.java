package io.vireo.engine.mmu;

import java.util.function.IntConsumer;

/**
 * Decoded instructions of guest RAM, one {@link DecodeSlots} per 4 KiB physical page (a slot per 2-byte
 * parcel), shared by all harts of a machine. Every path that writes guest RAM drops the decode of the
 * pages it wrote: hart stores through the {@link Mmu}, devices through {@link GuestMemory}'s write
 * observer. So no decode ever outlives the bytes it came from, and FENCE.I has nothing left to flush
 * here (the Linux boot issues over a hundred thousand of them while it patches its own text).
 *
 * <p>A boot runs thousands of pages it never runs again (init code, probes), while an idle guest keeps to a
 * few hundred: {@link #evictIdle} drops the slots of pages nobody entered since the last call, so an idle
 * machine holds only what it still runs.
 */
public final class CodeCache {
    private final DecodeSlots[] pages;
    private final byte[] isCode;
    /** Set whenever a hart enters the page; cleared by {@link #evictIdle}. */
    private final byte[] entered;
    /** Bumped on every write to a page that holds decodes (or did), before they are dropped. */
    private final int[] generations;

    public CodeCache(long ramSize) {
        int count = (int) (ramSize >>> 12);
        pages = new DecodeSlots[count];
        isCode = new byte[count];
        entered = new byte[count];
        generations = new int[count];
    }

    /** The decode slots of the RAM page with index {@code page}. */
    public DecodeSlots page(int page) {
        DecodeSlots slots = pages[page];
        if (slots == null) {
            slots = new DecodeSlots();
            pages[page] = slots;
        }
        isCode[page] = 1;
        entered[page] = 1;
        return slots;
    }

    /** The guest wrote to this page: forget what was decoded from it. */
    public void written(int page) {
        isCode[page] = 0;
        // Also without slots: a hart may still be translating from slots this cache has evicted.
        generations[page]++;
        DecodeSlots slots = pages[page];
        if (slots != null) {
            slots.clear();
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

    /**
     * Drops the decode slots of every page no hart entered since the previous call, telling
     * {@code evicted} each one (the translation tier drops its regions there), and starts a new round.
     * Any thread. A hart still running inside such a page (a loop that never left it) holds its slots,
     * which writes no longer reach: when this returns more than 0 the caller has every hart fence
     * (FENCE.I), so that it fetches through this cache again.
     *
     * @return how many pages it dropped
     */
    public int evictIdle(IntConsumer evicted) {
        int dropped = 0;
        for (int page = 0; page < pages.length; page++) {
            if (pages[page] == null) {
                continue;
            }
            if (entered[page] != 0) {
                entered[page] = 0;
            } else {
                written(page);
                pages[page] = null;
                evicted.accept(page);
                dropped++;
            }
        }
        return dropped;
    }

    /** Marks a page as holding decoded instructions again (its slots are being refilled). */
    public void markCode(int page) {
        isCode[page] = 1;
    }

    byte[] codeFlags() {
        return isCode;
    }
}
