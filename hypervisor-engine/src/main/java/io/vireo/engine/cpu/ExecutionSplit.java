package io.vireo.engine.cpu;

import io.vireo.engine.cpu.jit.RegionExit;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where harts' instructions ran, counted since they were made: how many the interpreter executed and how
 * many translated regions retired, how often regions were entered and why they were left, what kinds of
 * instruction the interpreter ran that the translator leaves to it, and the interpreter's other costs
 * (chunks run between interrupt checks, fetches that entered another page, page-table walks, device
 * accesses). Summed over harts with {@link #plus}.
 */
public record ExecutionSplit(long interpreted, long translated, long regionEntries, Map<RegionExit, Long> regionExits,
                             long interpretedSystem, long interpretedAtomic, long interpretedFloat,
                             long interpreterChunks, long fetchPageChanges, long pageWalks, long deviceAccesses) {
    public static final ExecutionSplit ZERO = new ExecutionSplit(0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0);

    public ExecutionSplit {
        regionExits = Map.copyOf(regionExits);
    }

    public long retired() {
        return interpreted + translated;
    }

    /** Region exits of every reason together. */
    public long regionExitCount() {
        return regionExits.values().stream().mapToLong(Long::longValue).sum();
    }

    public ExecutionSplit plus(ExecutionSplit o) {
        Map<RegionExit, Long> exits = new EnumMap<>(RegionExit.class);
        exits.putAll(regionExits);
        o.regionExits.forEach((reason, n) -> exits.merge(reason, n, Long::sum));
        return new ExecutionSplit(interpreted + o.interpreted, translated + o.translated, regionEntries + o.regionEntries,
                exits, interpretedSystem + o.interpretedSystem, interpretedAtomic + o.interpretedAtomic,
                interpretedFloat + o.interpretedFloat, interpreterChunks + o.interpreterChunks,
                fetchPageChanges + o.fetchPageChanges, pageWalks + o.pageWalks, deviceAccesses + o.deviceAccesses);
    }
}
