package io.vireo.engine.host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whose memory the host takes back, through their balloons, when it runs short: the idlest VMs first (they
 * miss it least), each down to its floor, until the shortfall is covered.
 */
public final class MemoryReclaim {
    /** A powered-on VM as reclaim weighs it: its recent CPU use, the memory left to it now, and its floor. */
    public record Candidate<T>(T vm, double cpuPercent, long memoryBytes, long floorBytes) {
    }

    /** Leave {@code vm} with {@code memoryBytes}. */
    public record Step<T>(T vm, long memoryBytes) {
    }

    private static final long MIB = 1 << 20;

    private MemoryReclaim() {
    }

    /** The balloon changes that free {@code shortBytes} (or as much as the floors allow), idlest VM first. */
    public static <T> List<Step<T>> plan(long shortBytes, List<Candidate<T>> candidates) {
        List<Candidate<T>> idleFirst = new ArrayList<>(candidates);
        idleFirst.sort(Comparator.comparingDouble(Candidate::cpuPercent));
        List<Step<T>> steps = new ArrayList<>();
        long left = shortBytes;
        for (Candidate<T> c : idleFirst) {
            if (left <= 0) {
                break;
            }
            // Balloons move whole MiB: round what may go down, so the VM never ends below its floor.
            long spare = (c.memoryBytes() - c.floorBytes()) / MIB * MIB;
            if (spare < MIB) {
                continue;
            }
            long take = Math.min(spare, (left + MIB - 1) / MIB * MIB);
            steps.add(new Step<>(c.vm(), c.memoryBytes() - take));
            left -= take;
        }
        return steps;
    }
}
