package io.vireo.engine.host;

/**
 * The host's figures at one moment: what it has, what its powered-on VMs were promised, and the memory they
 * hold (pages the guests touched, less what their balloons gave back).
 */
public record HostFigures(int cores, long memoryBytes, int vms, int vcpus, long memoryPromisedBytes,
                          long memoryHeldBytes, double memoryOvercommit) {
    /** vCPUs per host core: above 1 the vCPUs take turns on the cores. */
    public double vcpuOvercommit() {
        return (double) vcpus / cores;
    }

    /** Memory promised per byte of host RAM. */
    public double memoryPromisedRatio() {
        return (double) memoryPromisedBytes / memoryBytes;
    }

    /** The most memory the host promises its VMs: its RAM times the overcommit ratio it allows. */
    public long memoryLimitBytes() {
        return (long) (memoryBytes * memoryOvercommit);
    }
}
