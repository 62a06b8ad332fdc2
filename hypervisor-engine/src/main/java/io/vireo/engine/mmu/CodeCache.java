package io.vireo.engine.mmu;

import java.util.Arrays;

/**
 * Decoded instructions of guest RAM, one {@code long[]} per 4 KiB physical page (a slot per 2-byte
 * parcel), shared by all harts of a machine. A page's decode is dropped when the guest stores to it
 * and, lazily, after any FENCE.I (device DMA into RAM bypasses the store check, and Linux issues
 * FENCE.I before it executes such pages).
 */
public final class CodeCache {
    private static final int SLOTS = 2048;

    private final long[][] pages;
    private final int[] pageGeneration;
    private final byte[] isCode;
    private volatile int generation;

    public CodeCache(long ramSize) {
        int count = (int) (ramSize >>> 12);
        pages = new long[count][];
        pageGeneration = new int[count];
        isCode = new byte[count];
    }

    /** The decode slots of the RAM page with index {@code page}, emptied if a FENCE.I happened since it was filled. */
    public long[] page(int page) {
        long[] slots = pages[page];
        int gen = generation;
        if (slots == null) {
            slots = new long[SLOTS];
            pages[page] = slots;
        } else if (pageGeneration[page] != gen) {
            Arrays.fill(slots, 0);
        }
        pageGeneration[page] = gen;
        isCode[page] = 1;
        return slots;
    }

    public boolean isCode(int page) {
        return isCode[page] != 0;
    }

    /** The guest wrote to this page: forget what was decoded from it. */
    public void written(int page) {
        isCode[page] = 0;
        long[] slots = pages[page];
        if (slots != null) {
            Arrays.fill(slots, 0);
        }
    }

    /** FENCE.I: every page's decode becomes stale; each is emptied when next fetched from. */
    public void fenceI() {
        generation++;
    }

    byte[] codeFlags() {
        return isCode;
    }
}
