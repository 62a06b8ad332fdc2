package io.vireo.console.hosts.libvirt;

import java.util.Map;

import io.vireo.console.engine.HostLoad;

/**
 * A libvirt host's use now: its CPUs and memory, how busy its CPUs were since the previous sample (null until
 * there is one), the memory a new VM could have (free plus what the kernel caches and would give back), and what the
 * console's own running VMs there take (their vCPUs and memory).
 */
public record NodeStats(int cpus, long memoryMib, Double cpuPercent, long availableMemoryMib, int runningVms,
        int vmVcpus, long vmMemoryMib) {

    /**
     * As the engine's port tells a host's load: libvirt promises a guest all its memory (no overcommit of the
     * console's own), and the figures of each VM are not read here.
     */
    HostLoad hostLoad() {
        return new HostLoad(cpus, memoryMib, 1.0, memoryMib, vmVcpus, vmMemoryMib, vmMemoryMib, Map.of());
    }

    /**
     * The share of CPU time not spent idle (nor waiting for I/O) between two readings of the node's counters, in
     * percent of all its CPUs; null when the counters did not move (the same reading) or are missing.
     */
    static Double cpuPercent(Map<String, Long> before, Map<String, Long> after) {
        long total = busy(after) + idle(after) - busy(before) - idle(before);
        if (total <= 0 || !after.containsKey("idle") || !before.containsKey("idle")) {
            return null;
        }
        double percent = 100.0 * (busy(after) - busy(before)) / total;
        return Math.round(Math.clamp(percent, 0, 100) * 10) / 10.0;
    }

    /** Free memory, buffers and page cache (KiB), in MiB: what the host's kernel could hand a new guest. */
    static long availableMib(Map<String, Long> memoryKib) {
        long kib = memoryKib.getOrDefault("free", 0L) + memoryKib.getOrDefault("buffers", 0L)
                + memoryKib.getOrDefault("cached", 0L);
        return kib >> 10;
    }

    private static long busy(Map<String, Long> cpu) {
        return cpu.getOrDefault("kernel", 0L) + cpu.getOrDefault("user", 0L);
    }

    private static long idle(Map<String, Long> cpu) {
        return cpu.getOrDefault("idle", 0L) + cpu.getOrDefault("iowait", 0L);
    }
}
