package io.vireo.engine.mmu;

import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The decoded instructions of one 4 KiB page, a slot per 2-byte parcel, 0 where nothing was decoded. The slots
 * come in chunks of 256 bytes of code, made when code there is first decoded: a page a guest runs usually holds
 * a few hot functions among code it never runs, and a whole page of slots (16 KiB, four times the page) for each
 * of the few hundred pages an idle guest runs was most of its VM's heap.
 */
public final class DecodeSlots {
    public static final int SLOTS = 2048;
    private static final int CHUNK_BITS = 7, CHUNK = 1 << CHUNK_BITS, CHUNK_MASK = CHUNK - 1;

    private final long[][] chunks = new long[SLOTS >>> CHUNK_BITS][];

    /** The decode at parcel {@code slot}; 0 if none. */
    public long get(int slot) {
        long[] chunk = chunks[slot >>> CHUNK_BITS];
        return chunk == null ? 0 : chunk[slot & CHUNK_MASK];
    }

    /** Stores the decode at parcel {@code slot} and returns it. */
    public long set(int slot, long decoded) {
        long[] chunk = chunks[slot >>> CHUNK_BITS];
        if (chunk == null) {
            chunk = new long[CHUNK];
            chunks[slot >>> CHUNK_BITS] = chunk;
        }
        return chunk[slot & CHUNK_MASK] = decoded;
    }

    /** Forgets every decode; chunks stay for the code that is decoded again. Any thread. */
    public void clear() {
        VarHandle.storeStoreFence();
        for (long[] chunk : chunks) {
            if (chunk != null) {
                Arrays.fill(chunk, 0);
            }
        }
    }
}
