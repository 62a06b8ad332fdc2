package io.vireo.console.vm;

import io.vireo.console.domain.InvalidFieldException;

/**
 * A VM's memory: {@code memoryMib}, what it boots with and the most it may have, and {@code minimumMib}, the least
 * its balloon may leave it, whether a user lowers its memory while it runs or the host takes memory back.
 */
public record VmMemory(long memoryMib, long minimumMib) {

    /** Below this a Linux guest does not get far; the least any VM may be left. */
    static final long FLOOR_MIB = 64;

    /**
     * {@code minimumMib} left out: a quarter of the memory, at least {@link #FLOOR_MIB}; refused below that floor or
     * above the memory.
     */
    static VmMemory of(long memoryMib, Long minimumMib) {
        long minimum = minimumMib == null ? Math.max(FLOOR_MIB, memoryMib / 4) : minimumMib;
        if (minimum < FLOOR_MIB || minimum > memoryMib) {
            throw new InvalidFieldException("memoryMinMib", "The memory minimum must be " + FLOOR_MIB + " MiB to the"
                    + " VM's memory (" + memoryMib + " MiB), not " + minimum + " MiB");
        }
        return new VmMemory(memoryMib, minimum);
    }
}
