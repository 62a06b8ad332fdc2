package io.vireo.engine.sched;

import java.util.List;

/**
 * A VM's use of the host CPUs since it was powered on: the CPU time its vCPUs ran, the time they were
 * runnable but waited for a host thread or for their cap (what the guest calls steal), and where each vCPU
 * is now.
 */
public record CpuUsage(long cpuNanos, long stealNanos, List<VcpuSample> vcpus) {
    public static final CpuUsage NONE = new CpuUsage(0, 0, List.of());

    public CpuUsage {
        vcpus = List.copyOf(vcpus);
    }
}
