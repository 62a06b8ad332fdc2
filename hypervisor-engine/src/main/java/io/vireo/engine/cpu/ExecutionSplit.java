package io.vireo.engine.cpu;

import io.vireo.engine.cpu.jit.RegionExit;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongBinaryOperator;

/**
 * Where harts' instructions ran, counted since they were made: how many the interpreter executed and how
 * many translated regions retired, how often regions were entered and why they were left, how many of the
 * interpreted ones were system (and CSR), atomic or float instructions, and the interpreter's other costs
 * (chunks run between interrupt checks, fetches that entered another page, page-table walks, device
 * accesses). Summed over harts with {@link #plus}, taken apart with {@link #since}.
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
        return combined(o, Long::sum);
    }

    /** What was counted since {@code earlier}, a split of the same harts taken before this one. */
    public ExecutionSplit since(ExecutionSplit earlier) {
        return combined(earlier, (now, then) -> now - then);
    }

    private ExecutionSplit combined(ExecutionSplit o, LongBinaryOperator f) {
        Map<RegionExit, Long> exits = new EnumMap<>(RegionExit.class);
        exits.putAll(regionExits);
        o.regionExits.forEach((reason, n) -> exits.put(reason, f.applyAsLong(exits.getOrDefault(reason, 0L), n)));
        return new ExecutionSplit(f.applyAsLong(interpreted, o.interpreted), f.applyAsLong(translated, o.translated),
                f.applyAsLong(regionEntries, o.regionEntries), exits,
                f.applyAsLong(interpretedSystem, o.interpretedSystem), f.applyAsLong(interpretedAtomic, o.interpretedAtomic),
                f.applyAsLong(interpretedFloat, o.interpretedFloat), f.applyAsLong(interpreterChunks, o.interpreterChunks),
                f.applyAsLong(fetchPageChanges, o.fetchPageChanges), f.applyAsLong(pageWalks, o.pageWalks),
                f.applyAsLong(deviceAccesses, o.deviceAccesses));
    }
}
