package io.vireo.engine.host;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's CPU cores and RAM, as the VMs' promises are weighed against them. */
public record HostResources(int cores, long memoryBytes) {
    public HostResources {
        if (cores < 1 || memoryBytes < 1) {
            throw new IllegalArgumentException("a host has at least one core and some memory");
        }
    }

    /** This machine's cores (as the JVM may use them) and physical RAM. */
    public static HostResources probe() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : Runtime.getRuntime().maxMemory();
        return new HostResources(Runtime.getRuntime().availableProcessors(), memory);
    }

    /**
     * Memory the host could give out now without swapping: Linux's MemAvailable (free memory plus the caches
     * it can drop), or the free memory the JVM reports elsewhere.
     */
    public static long availableMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or a /proc we cannot read: fall back on what the JVM knows
        }
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getFreeMemorySize() : Long.MAX_VALUE;
    }
}
