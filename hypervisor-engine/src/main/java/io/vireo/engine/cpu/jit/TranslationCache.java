package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.Decoded;
import io.vireo.engine.cpu.Decoder;
import io.vireo.engine.mmu.CodeCache;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A machine's translated blocks, by RAM page and parcel slot, shared by its harts. The interpreter asks
 * for a block wherever control lands; a start it has reached {@code threshold} times gets translated.
 *
 * <p>Validity rides on the decode cache: a block is only entered while its start's decode slot carries
 * {@link Decoded#TRANSLATED}, and every write to a code page zeroes that page's slots (see
 * {@link CodeCache}), so code the guest or a device rewrote never runs from a stale block. A block never
 * crosses its page, so that one page's invalidation covers all of it.
 */
public final class TranslationCache {
    public static final int DEFAULT_THRESHOLD = 1000;
    private static final int MAX_INSTRUCTIONS = 64;
    /** Translations per page before giving up on it: a page that keeps being rewritten is data as much as code. */
    private static final int MAX_TRANSLATIONS_PER_PAGE = 1024;
    private static final char NEVER = 0xFFFF;
    private static final ValueLayout.OfShort PARCEL = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BLOCK = MethodHandles.arrayElementVarHandle(TranslatedBlock[].class);

    private final MemorySegment ram;
    private final CodeCache code;
    private final int threshold;
    private final BlockCompiler compiler = new BlockCompiler();
    private final PageBlocks[] pages;

    /** One page's blocks and the entry counts of starts not yet translated. */
    private static final class PageBlocks {
        final TranslatedBlock[] blocks = new TranslatedBlock[CodeCache.SLOTS];
        final char[] heat = new char[CodeCache.SLOTS];
        int translations;
    }

    public TranslationCache(MemorySegment ram, CodeCache code, int threshold) {
        if (threshold < 1 || threshold >= NEVER) {
            throw new IllegalArgumentException("threshold must be in [1, %d): %d".formatted(NEVER, threshold));
        }
        this.ram = ram;
        this.code = code;
        this.threshold = threshold;
        this.pages = new PageBlocks[(int) (ram.byteSize() >>> 12)];
    }

    /**
     * The block starting at parcel {@code slot} of the RAM page at offset {@code ramPage}, whose decode slots
     * are {@code slots} and whose current decode there is {@code d}; null to interpret. Only on a hart thread.
     */
    public TranslatedBlock enter(long ramPage, long[] slots, int slot, long d) {
        int page = (int) (ramPage >>> 12);
        PageBlocks p = pages[page];
        if (p == null) {
            p = new PageBlocks();
            pages[page] = p;
        }
        if ((d & Decoded.TRANSLATED) != 0) {
            return (TranslatedBlock) BLOCK.getAcquire(p.blocks, slot);
        }
        char heat = p.heat[slot];
        if (heat == NEVER) {
            return null;
        }
        if (heat + 1 < threshold) {
            p.heat[slot] = (char) (heat + 1);
            return null;
        }
        return translate(p, page, ramPage, slots, slot);
    }

    private TranslatedBlock translate(PageBlocks p, int page, long ramPage, long[] slots, int slot) {
        int generation = code.generation(page);
        long[] decoded = new long[MAX_INSTRUCTIONS];
        int[] offsets = new int[MAX_INSTRUCTIONS];
        int count = 0, offset = slot << 1;
        while (count < MAX_INSTRUCTIONS && offset < 0x1000) {
            int lo = ram.get(PARCEL, ramPage + offset) & 0xFFFF;
            boolean compressed = (lo & 3) != 3;
            if (!compressed && offset == 0xFFE) {
                break;
            }
            long d = Decoder.decode(compressed ? lo : lo | (ram.get(PARCEL, ramPage + offset + 2) & 0xFFFF) << 16);
            int op = Decoded.op(d);
            if (!BlockCompiler.translatable(op)) {
                break;
            }
            decoded[count] = d;
            offsets[count++] = offset - (slot << 1);
            offset += Decoded.length(d);
            if (BlockCompiler.endsBlock(op)) {
                break;
            }
        }
        if (count == 0 || p.translations >= MAX_TRANSLATIONS_PER_PAGE) {
            p.heat[slot] = NEVER;
            return null;
        }
        TranslatedBlock block = compiler.compile(decoded, offsets, count, offset - (slot << 1));
        p.translations++;
        p.heat[slot] = 0;
        BLOCK.setRelease(p.blocks, slot, block);
        long current = slots[slot];
        if (current == 0) {
            return null;
        }
        slots[slot] = current | Decoded.TRANSLATED;
        // A write that raced with the translation may have zeroed the slots before the flag went in.
        VarHandle.fullFence();
        if (code.generation(page) != generation) {
            slots[slot] = 0;
            return null;
        }
        return block;
    }
}
