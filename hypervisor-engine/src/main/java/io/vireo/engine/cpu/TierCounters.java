package io.vireo.engine.cpu;

import io.vireo.engine.cpu.jit.RegionExit;
import io.vireo.engine.mmu.Mmu;

import java.util.EnumMap;
import java.util.Map;

/**
 * The {@link Interpreter}'s counts of where instructions ran: plain fields, written only on the hart's
 * thread, so counting costs an increment; another thread reads them for a snapshot, which may be a moment
 * behind.
 */
final class TierCounters {
    private static final RegionExit[] EXITS = RegionExit.values();

    long translated;
    long regionEntries;
    final long[] regionExits = new long[EXITS.length];
    long system;
    long atomic;
    long floating;
    long chunks;
    long pageChanges;

    ExecutionSplit snapshot(long retired, Mmu mmu) {
        Map<RegionExit, Long> exits = new EnumMap<>(RegionExit.class);
        for (RegionExit reason : EXITS) {
            exits.put(reason, regionExits[reason.ordinal()]);
        }
        long translated = this.translated;
        return new ExecutionSplit(retired - translated, translated, regionEntries, exits, system, atomic, floating,
                chunks, pageChanges, mmu.pageWalks(), mmu.deviceAccesses());
    }
}
