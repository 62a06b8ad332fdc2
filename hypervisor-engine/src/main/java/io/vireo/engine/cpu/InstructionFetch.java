package io.vireo.engine.cpu;

import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.DecodeSlots;
import io.vireo.engine.mmu.Mmu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A hart's instruction fetch through the machine's decode cache ({@link CodeCache}). It holds the decode
 * slots of the page the hart executes from, so that fetching is a compare and two array loads until control
 * leaves that page. The hart {@link #forget}s them whenever what a fetch address maps to may have changed
 * (satp, privilege, SFENCE.VMA, FENCE.I, remote fences).
 *
 * <p>The fields are read directly by the interpreter's loop, the hot path of the whole engine.
 */
final class InstructionFetch {
    private static final ValueLayout.OfShort PARCEL = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Mmu mmu;
    private final MemorySegment ram;
    private final CodeCache code;
    /** The virtual page {@link #slots} decode; -1 when there is none. */
    long vaPage = -1;
    /** RAM offset of that page. */
    long ramPage;
    /** The page's decode slots, one per parcel; 0 where nothing was decoded yet. */
    DecodeSlots slots;

    InstructionFetch(Mmu mmu) {
        this.mmu = mmu;
        this.ram = mmu.ram();
        this.code = mmu.codeCache();
    }

    void forget() {
        vaPage = -1;
    }

    /** The instruction at {@code pc}, which lies outside the current page: its page becomes the current one. */
    long enterPage(long pc) {
        long page = mmu.fetchPageOffset(pc);
        slots = code.page((int) (page >>> 12));
        ramPage = page;
        vaPage = pc & ~0xFFFL;
        int slot = (int) (pc & 0xFFF) >>> 1;
        long d = slots.get(slot);
        return d != 0 ? d : decode(pc, slot);
    }

    /** Decodes the instruction at {@code pc} in the current page, whose {@code slot} is empty. */
    long decode(long pc, int slot) {
        int offset = (int) (pc & 0xFFF);
        // A store may have cleared the page since this hart picked its slots up: flag it as code again.
        code.markCode((int) (ramPage >>> 12));
        int lo = ram.get(PARCEL, ramPage + offset) & 0xFFFF;
        if ((lo & 3) != 3) {
            return slots.set(slot, Decoder.decode16(lo));
        }
        if (offset == 0xFFE) {
            // Straddles a page boundary: decode every time rather than cache what the next page may change.
            return Decoder.decode32(lo | (mmu.fetchParcel(pc + 2) << 16));
        }
        int hi = ram.get(PARCEL, ramPage + offset + 2) & 0xFFFF;
        return slots.set(slot, Decoder.decode32(lo | (hi << 16)));
    }
}
