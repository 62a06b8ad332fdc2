package io.vireo.engine.cpu;

import java.lang.foreign.MemorySegment;

/**
 * A hart's LR/SC reservation: the RAM word its last LR read and the value it read there. SC succeeds only
 * while the reservation is held and the word still holds that value, compared and swapped atomically, so a
 * store by another hart in between makes it fail. Trap entry and SRET drop the reservation, as the spec
 * allows, so an SC never pairs with an LR from before a context switch.
 */
final class Reservation {
    private final MemorySegment ram;
    /** RAM offset of the reserved word; -1 when nothing is reserved. */
    private long offset = -1;
    private long value;

    Reservation(MemorySegment ram) {
        this.ram = ram;
    }

    /** LR.W/LR.D at RAM offset {@code offset}: the value, sign-extended, now reserved. */
    long loadReserved(long offset, int width) {
        long v = width == 4 ? Atomics.loadReserved32(ram, offset) : Atomics.loadReserved64(ram, offset);
        this.offset = offset;
        this.value = v;
        return v;
    }

    /** SC.W/SC.D at RAM offset {@code offset}: whether it stored; the reservation is gone either way. */
    boolean storeConditional(long offset, int width, long newValue) {
        boolean stored = this.offset == offset && (width == 4
                ? Atomics.storeConditional32(ram, offset, value, newValue)
                : Atomics.storeConditional64(ram, offset, value, newValue));
        this.offset = -1;
        return stored;
    }

    void clear() {
        offset = -1;
    }
}
