package io.vireo.engine.host;

import java.lang.management.ManagementFactory;

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
}
