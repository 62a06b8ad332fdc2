package io.vireo.engine.cpu.jit;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translated regions of every machine in this process, by what they translate. A compiled region only
 * depends on its {@link Region} (instructions, page offsets and entries; addresses are taken from the pc
 * it runs at), so machines booting the same kernel run the same hidden classes instead of one set each:
 * a tiny VM's boot makes about 4000 of them, each with its metaspace and JIT-compiled code. A region
 * stays here while some machine's {@link TranslationCache} holds it, and the {@link #RECENT} regions
 * translated last stay besides: a machine that boots after the last one closed (a reboot, the next VM of
 * the same kernel) found about a third of its regions gone with the collector otherwise, and each came back
 * as a new class that HotSpot runs in its bytecode interpreter and profiling tier before it compiles it
 * for good. Beyond those, a region's class still unloads once the last machine drops it.
 */
final class SharedRegions {
    private static final SharedRegions INSTANCE = new SharedRegions();
    /** About one tiny boot's worth of regions; the memory this keeps is bounded whatever runs. */
    static final int RECENT = 4096;

    private final RegionCompiler compiler = new RegionCompiler();
    private final ConcurrentHashMap<Shape, Held> regions = new ConcurrentHashMap<>();
    private final ReferenceQueue<TranslatedRegion> dropped = new ReferenceQueue<>();
    private final TranslatedRegion[] recent = new TranslatedRegion[RECENT];
    private int nextRecent;

    private SharedRegions() {
    }

    static SharedRegions instance() {
        return INSTANCE;
    }

    /** The compiled form of {@code region}, made now unless a machine holds one already; null if too large. */
    TranslatedRegion translate(Region region) {
        forgetDropped();
        Shape shape = Shape.of(region);
        Held held = regions.get(shape);
        TranslatedRegion known = held == null ? null : held.get();
        if (known != null) {
            remember(known);
            return known;
        }
        TranslatedRegion compiled = compiler.compile(region);
        if (compiled != null) {
            regions.put(shape, new Held(shape, compiled, dropped));
            remember(compiled);
        }
        return compiled;
    }

    /** Holds {@code region} among the recent ones, in place of the oldest; harts and the translator call this. */
    private synchronized void remember(TranslatedRegion region) {
        recent[nextRecent] = region;
        nextRecent = (nextRecent + 1) % RECENT;
    }

    private void forgetDropped() {
        for (var ref = dropped.poll(); ref != null; ref = dropped.poll()) {
            Held held = (Held) ref;
            regions.remove(held.shape, held);
        }
    }

    private static final class Held extends WeakReference<TranslatedRegion> {
        final Shape shape;

        Held(Shape shape, TranslatedRegion region, ReferenceQueue<TranslatedRegion> queue) {
            super(region, queue);
            this.shape = shape;
        }
    }

    /** Everything a region's compiled code depends on, flattened: its entries, then each run. */
    private static final class Shape {
        private final long[] words;
        private final int hash;

        private Shape(long[] words) {
            this.words = words;
            this.hash = Arrays.hashCode(words);
        }

        static Shape of(Region region) {
            int[] entries = region.entries();
            int size = 1 + entries.length;
            for (Region.Run run : region.runs()) {
                size += 2 + 2 * run.count();
            }
            long[] words = new long[size];
            int i = 0;
            words[i++] = entries.length;
            for (int e : entries) {
                words[i++] = e;
            }
            for (Region.Run run : region.runs()) {
                words[i++] = run.count();
                words[i++] = run.next();
                for (int k = 0; k < run.count(); k++) {
                    words[i++] = run.offsets()[k];
                    words[i++] = run.decoded()[k];
                }
            }
            return new Shape(words);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Shape s && hash == s.hash && Arrays.equals(words, s.words);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
