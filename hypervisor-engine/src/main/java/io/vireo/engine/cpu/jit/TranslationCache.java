package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.Decoded;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.DecodeSlots;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A machine's translated regions, by RAM page and the parcel slots they can be entered at, shared by its
 * harts. The interpreter asks for a region wherever control lands; a start it has reached
 * {@code threshold} times gets the region around it translated, entered there and at every other start
 * the region found (branch targets, return points).
 *
 * <p>Validity rides on the decode cache: a region is only entered while the entry's decode slot carries
 * {@link Decoded#TRANSLATED}, and every write to a code page zeroes that page's slots (see
 * {@link CodeCache}), so code the guest or a device rewrote is never entered from a stale region. A region
 * never crosses its page, so that one page's invalidation covers all of it. A hart's own store into the
 * region it is running may leave it running the old code until the region's next exit, which RISC-V
 * allows: only FENCE.I (never translated) orders a hart's stores before its fetches.
 *
 * <p>A cache made to translate in the background hands hot starts to one translator thread shared by the
 * JVM and lets the hart interpret on until the region is there: generating and defining a region's class
 * takes a millisecond or more, thousands of times over a boot, and that no longer stalls the hart that
 * found the code hot. The translator publishes regions the way a hart does, so either way a hart sees a
 * region whole or not at all.
 */
public final class TranslationCache {
    public static final int DEFAULT_THRESHOLD = 1000;
    /** Translations per page before giving up on it: a page that keeps being rewritten is data as much as code. */
    private static final int MAX_TRANSLATIONS_PER_PAGE = 256;
    /** The heat of a start handed to the translator thread and not translated yet. */
    private static final char PENDING = 0xFFFF;

    private final MemorySegment ram;
    private final CodeCache code;
    private final int threshold;
    private final boolean inBackground;
    private final PageRegions[] pages;
    // Harts translate on their own threads; a translation is rare next to everything else, so adders are cheap.
    private final LongAdder compiled = new LongAdder(), instructions = new LongAdder(), nanos = new LongAdder(),
            tooLarge = new LongAdder(), discarded = new LongAdder();

    /**
     * One page's regions by entry slot and the entry counts of its starts not yet translated. One is held for
     * every page a hart runs, so it is kept small: a page has a few regions with a few dozen entries among its
     * 2048 parcel slots, and arrays indexed by slot (12 KiB a page) were a third of an idle VM's heap.
     */
    private static final class PageRegions {
        private static final int HEAT_BUCKETS = 256;
        /**
         * Entry counts by a hash of the start's slot. Starts that share a bucket share a count, which only
         * makes each of them hot a little sooner.
         */
        final char[] heat = new char[HEAT_BUCKETS];
        /** Replaced whole under this object's lock, read without it. */
        volatile Entries entries = Entries.NONE;
        int translations;

        static int bucket(int slot) {
            return (slot * 0x9E3779B1) >>> 24;
        }

        synchronized void publish(int[] entrySlots, TranslatedRegion region) {
            entries = entries.with(entrySlots, region);
        }
    }

    /** An open-addressed table from entry slot to region; never changed once published. */
    private record Entries(int[] keys, TranslatedRegion[] regions, int count) {
        static final Entries NONE = new Entries(new int[1], new TranslatedRegion[1], 0);

        /** The region entered at {@code slot}; null if none is. */
        TranslatedRegion at(int slot) {
            int mask = keys.length - 1;
            for (int i = PageRegions.bucket(slot) & mask; ; i = (i + 1) & mask) {
                int key = keys[i];
                if (key == slot + 1) {
                    return regions[i];
                }
                if (key == 0) {
                    return null;
                }
            }
        }

        /** These entries with {@code region} entered at {@code slots} (replacing what was entered there). */
        Entries with(int[] slots, TranslatedRegion region) {
            int capacity = Integer.highestOneBit(Math.max(4, count + slots.length) * 2 - 1) << 1;
            Entries table = new Entries(new int[capacity], new TranslatedRegion[capacity], 0);
            int n = 0;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != 0) {
                    n += table.put(keys[i] - 1, regions[i]);
                }
            }
            for (int slot : slots) {
                n += table.put(slot, region);
            }
            return new Entries(table.keys, table.regions, n);
        }

        /** Puts one entry into a table being built; 1 if the slot is new to it. */
        private int put(int slot, TranslatedRegion region) {
            int mask = keys.length - 1;
            for (int i = PageRegions.bucket(slot) & mask; ; i = (i + 1) & mask) {
                if (keys[i] == 0 || keys[i] == slot + 1) {
                    int added = keys[i] == 0 ? 1 : 0;
                    keys[i] = slot + 1;
                    regions[i] = region;
                    return added;
                }
            }
        }
    }

    /** The JVM's translator thread, there only while it has work (it ends after half a minute idle). */
    private static final class Translator {
        static final Executor THREAD = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform().daemon().name("vireo-translator").unstarted(r));
    }

    /** A cache whose harts translate hot code themselves, before they go on. */
    public TranslationCache(MemorySegment ram, CodeCache code, int threshold) {
        this(ram, code, threshold, false);
    }

    /** A cache that translates hot code on the translator thread if {@code inBackground}, else on the hart. */
    public TranslationCache(MemorySegment ram, CodeCache code, int threshold, boolean inBackground) {
        if (threshold < 1 || threshold >= PENDING) {
            throw new IllegalArgumentException("threshold must be in [1, %d): %d".formatted(PENDING, threshold));
        }
        CompilerDirective.install();
        this.ram = ram;
        this.code = code;
        this.threshold = threshold;
        this.inBackground = inBackground;
        this.pages = new PageRegions[(int) (ram.byteSize() >>> 12)];
    }

    /**
     * The region entered at parcel {@code slot} of the RAM page at offset {@code ramPage}, whose decode slots
     * are {@code slots} and whose current decode there is {@code d}; null to interpret. Only on a hart thread.
     */
    public TranslatedRegion enter(long ramPage, DecodeSlots slots, int slot, long d) {
        int page = (int) (ramPage >>> 12);
        PageRegions p = pages[page];
        if (p == null) {
            p = new PageRegions();
            pages[page] = p;
        }
        if ((d & Decoded.TRANSLATED) != 0) {
            // Pairs with the fence in translate(): the flag was read first, so the region must be read after it.
            VarHandle.loadLoadFence();
            return p.entries.at(slot);
        }
        if ((d & Decoded.UNTRANSLATED) != 0) {
            return null;
        }
        int bucket = PageRegions.bucket(slot);
        char heat = p.heat[bucket];
        if (heat == PENDING) {
            return null;
        }
        if (heat + 1 < threshold) {
            p.heat[bucket] = (char) (heat + 1);
            return null;
        }
        if (!inBackground) {
            return translate(p, page, ramPage, slots, slot);
        }
        p.heat[bucket] = PENDING;
        PageRegions regions = p;
        Translator.THREAD.execute(() -> {
            try {
                // A region translated meanwhile from another hot start of the page may have taken this one in.
                if ((slots.get(slot) & Decoded.TRANSLATED) == 0) {
                    translate(regions, page, ramPage, slots, slot);
                } else {
                    regions.heat[bucket] = 0;
                }
            } catch (IllegalStateException closed) {
                // The machine was powered off and its RAM released while this waited: nothing to translate.
            }
        });
        return null;
    }

    /** What this cache has translated so far. */
    public TranslationStats stats() {
        return new TranslationStats(compiled.sum(), instructions.sum(), nanos.sum(), tooLarge.sum(), discarded.sum());
    }

    /**
     * Forgets the regions and entry counts of a page whose decode slots the {@link CodeCache} evicted, so
     * that their classes can be unloaded; a hart still inside one finishes it first. Any thread.
     */
    public void evict(int page) {
        pages[page] = null;
    }

    private TranslatedRegion translate(PageRegions p, int page, long ramPage, DecodeSlots slots, int slot) {
        long start = System.nanoTime();
        int generation = code.generation(page);
        // Targets the interpreter has decoded are code that ran; translated entries belong to other regions.
        Region region = p.translations < MAX_TRANSLATIONS_PER_PAGE ? RegionFinder.find(ram, ramPage, slot << 1,
                offset -> slots.get(offset >>> 1) != 0 && (slots.get(offset >>> 1) & Decoded.TRANSLATED) == 0) : null;
        TranslatedRegion compiled = region == null ? null : SharedRegions.instance().translate(region);
        nanos.add(System.nanoTime() - start);
        p.heat[PageRegions.bucket(slot)] = 0;
        if (compiled == null) {
            if (region != null) {
                tooLarge.increment();
            }
            long d = slots.get(slot);
            if (d != 0) {
                mark(page, generation, slots, () -> slots.set(slot, d | Decoded.UNTRANSLATED));
            }
            return null;
        }
        this.compiled.increment();
        instructions.add(region.instructionCount());
        p.translations++;
        int[] entries = region.entries();
        int[] entrySlots = new int[entries.length];
        for (int i = 0; i < entries.length; i++) {
            entrySlots[i] = entries[i] >>> 1;
            p.heat[PageRegions.bucket(entrySlots[i])] = 0;
        }
        p.publish(entrySlots, compiled);
        // Entries become visible through their decode slots, only after the regions are; a store from now
        // on clears them again.
        VarHandle.storeStoreFence();
        boolean current = mark(page, generation, slots, () -> {
            for (int e : entries) {
                slots.set(e >>> 1, region.decodedAt(e) | Decoded.TRANSLATED);
            }
        });
        return current ? compiled : null;
    }

    /**
     * Writes flags into a page's decode slots, unless the page was written since {@code generation}: what the
     * translation read may be stale then, and every slot is cleared. Whether the page was still as read.
     */
    private boolean mark(int page, int generation, DecodeSlots slots, Runnable flags) {
        code.markCode(page);
        flags.run();
        VarHandle.fullFence();
        if (code.generation(page) != generation) {
            slots.clear();
            discarded.increment();
            return false;
        }
        return true;
    }
}
