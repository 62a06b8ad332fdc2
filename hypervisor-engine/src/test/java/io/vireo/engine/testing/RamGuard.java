package io.vireo.engine.testing;

import io.vireo.engine.mmu.GuestMemory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Catches a device writing guest RAM it was not handed: a copy of RAM is taken before the device runs,
 * and afterwards every changed byte must lie in a range the test allowed (a device-writable buffer, the
 * used ring). Compares the memory itself, so writes through zero-copy views count too. One guard at a
 * time per thread: they share a copy buffer.
 */
public final class RamGuard {
    private static final ThreadLocal<byte[]> COPY = new ThreadLocal<>();

    private final GuestMemory memory;
    private final byte[] before;
    private final List<long[]> allowed = new ArrayList<>();

    public RamGuard(GuestMemory memory) {
        this.memory = memory;
        this.before = copyBuffer(memory.size());
        MemorySegment.copy(memory.segment(), ValueLayout.JAVA_BYTE, 0, before, 0, before.length);
    }

    /**
     * One copy buffer per thread, reused from input to input: a fuzzer runs millions of inputs, and a
     * fresh multi-megabyte array for each would spend its time in the garbage collector.
     */
    private static byte[] copyBuffer(long size) {
        byte[] buffer = COPY.get();
        if (buffer == null || buffer.length != size) {
            buffer = new byte[Math.toIntExact(size)];
            COPY.set(buffer);
        }
        return buffer;
    }

    /** The device may write {@code [address, address + length)}; the part outside RAM is ignored. */
    public RamGuard allow(long address, long length) {
        long from, to;
        try {
            from = Math.subtractExact(address, memory.base());
            to = Math.addExact(from, Math.max(0, length));
        } catch (ArithmeticException e) {
            return this; // nowhere near RAM
        }
        from = Math.max(0, from);
        to = Math.min(memory.size(), to);
        if (to > from) {
            allowed.add(new long[] {from, to});
        }
        return this;
    }

    /** Fails with the first guest-physical address that changed outside every allowed range. */
    public void assertNoOtherWrites() {
        MemorySegment old = MemorySegment.ofArray(before);
        MemorySegment now = memory.segment();
        long offset = 0;
        while (offset < before.length) {
            long m = old.asSlice(offset).mismatch(now.asSlice(offset, before.length - offset));
            if (m < 0) {
                return;
            }
            long at = offset + m;
            long[] range = allowed.stream().filter(r -> r[0] <= at && at < r[1]).findFirst().orElse(null);
            if (range == null) {
                throw new AssertionError("the device wrote guest RAM at 0x%x, outside every buffer it was given"
                        .formatted(memory.base() + at));
            }
            offset = range[1];
        }
    }
}
