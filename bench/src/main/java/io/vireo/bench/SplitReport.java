package io.vireo.bench;

import io.vireo.engine.cpu.ExecutionSplit;
import io.vireo.engine.cpu.jit.RegionExit;
import io.vireo.engine.cpu.jit.TranslationStats;
import io.vireo.engine.vm.VmCounters;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a boot's or a workload's time went, from the VM's counters: instructions per tier (interpreted, and of
 * those the system, atomic and float ones; translated), region entries and exits by reason,
 * translation cost, and the time HotSpot spent compiling meanwhile, on the same cores as the harts.
 */
final class SplitReport {
    private SplitReport() {
    }

    /** Indented lines for one boot; {@code jitMillis} is HotSpot's compile time during it (JVM-wide). */
    static String of(VmCounters c, long jitMillis) {
        TranslationStats t = c.translation();
        return String.join(System.lineSeparator(), tiers(c.execution()),
                "    translation: %d regions (%d instructions) in %.2f s, %d too large, %d discarded; HotSpot compiling %.2f s (whole JVM)"
                        .formatted(t.regionsCompiled(), t.instructionsCompiled(), t.compileNanos() / 1e9, t.tooLarge(),
                                t.discarded(), jitMillis / 1e3),
                interpreter(c.execution(), c.cpuNanos()));
    }

    /** Indented lines for what one VM ran between two readings of its counters. */
    static String between(VmCounters before, VmCounters after) {
        ExecutionSplit e = after.execution().since(before.execution());
        return String.join(System.lineSeparator(), tiers(e), interpreter(e, after.cpuNanos() - before.cpuNanos()));
    }

    private static String tiers(ExecutionSplit e) {
        long retired = Math.max(1, e.retired());
        long cold = e.interpreted() - e.interpretedSystem() - e.interpretedAtomic() - e.interpretedFloat();
        String exits = Stream.of(RegionExit.values())
                .map(r -> "%s %s".formatted(r.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        millions(e.regionExits().getOrDefault(r, 0L))))
                .collect(Collectors.joining(", "));
        return String.join(System.lineSeparator(),
                "    tiers: interpreted %.1f%% (%s: system/CSR %s, atomic %s, float %s, other %s), translated %.1f%% (%s)"
                        .formatted(100.0 * e.interpreted() / retired, millions(e.interpreted()),
                                millions(e.interpretedSystem()), millions(e.interpretedAtomic()),
                                millions(e.interpretedFloat()), millions(cold), 100.0 * e.translated() / retired,
                                millions(e.translated())),
                "    regions: %s entries, %.1f instructions per entry; exits: %s".formatted(millions(e.regionEntries()),
                        (double) e.translated() / Math.max(1, e.regionEntries()), exits));
    }

    private static String interpreter(ExecutionSplit e, long cpuNanos) {
        return "    interpreter: %s chunks, %s page changes, %s page walks, %s device accesses; harts' CPU %.2f s"
                .formatted(millions(e.interpreterChunks()), millions(e.fetchPageChanges()), millions(e.pageWalks()),
                        millions(e.deviceAccesses()), cpuNanos / 1e9);
    }

    private static String millions(long n) {
        return "%.2f M".formatted(n / 1e6);
    }
}
