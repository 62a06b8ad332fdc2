package io.vireo.engine.vm;

import io.vireo.engine.cpu.jit.TranslationCache;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.GuestMemory;

/**
 * Whether harts translate hot code, as the engine was started: {@code -Dvireo.translation.threshold=N}
 * is how many entries a block sees before it is translated, and 0 runs the interpreter alone (to
 * compare, or to rule the tier out). Machines translate in the background, so a hart interprets on
 * while its hot code is being translated; {@code -Dvireo.translation.background=false} has the hart that
 * found the code hot translate it before it goes on (to compare the two).
 */
final class TranslationSetting {
    static final String PROPERTY = "vireo.translation.threshold", BACKGROUND = "vireo.translation.background";

    private TranslationSetting() {
    }

    /** A translation cache over {@code ram}, or null (what a hart takes for "interpret only") when the tier is off. */
    static TranslationCache cacheFor(GuestMemory ram, CodeCache code) {
        int threshold = Integer.getInteger(PROPERTY, TranslationCache.DEFAULT_THRESHOLD);
        return threshold > 0 ? new TranslationCache(ram.segment(), code, threshold,
                !"false".equals(System.getProperty(BACKGROUND))) : null;
    }
}
