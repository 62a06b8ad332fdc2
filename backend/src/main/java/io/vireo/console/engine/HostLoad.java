package io.vireo.console.engine;

import java.util.List;
import java.util.Map;

/**
 * The host the VMs run on and their live use of it: its cores and RAM, what the powered-on VMs were
 * promised (vCPUs, memory) against them, and each powered-on VM's CPU and memory now, by VM id.
 * Memory held is what the guests touched less what their balloons gave back.
 */
public record HostLoad(int cores, long memoryMib, double memoryOvercommit, long memoryLimitMib, int vcpus,
        long memoryPromisedMib, long memoryHeldMib, Map<Long, VmLoad> vms) {

    public HostLoad {
        vms = Map.copyOf(vms);
    }

    /** vCPUs per host core: above 1 the vCPUs take turns. */
    public double vcpuOvercommit() {
        return (double) vcpus / cores;
    }

    /**
     * One VM: its CPU use over the last sample period (100 = one host core), the time its vCPUs were runnable
     * but waited (steal, same unit), its memory (booted with, left to it now by its balloon, held on the host),
     * and where each vCPU is now; {@code hostCoreHistory} holds, oldest first, one entry per sample period with
     * the host core each vCPU was on (-1: it was not running).
     */
    public record VmLoad(int vcpus, long memoryMib, long memoryTargetMib, long memoryHeldMib, double cpuPercent,
            double stealPercent, List<VcpuPlace> placement, List<List<Integer>> hostCoreHistory) {

        public VmLoad {
            placement = List.copyOf(placement);
            hostCoreHistory = hostCoreHistory.stream().map(List::copyOf).toList();
        }
    }

    /** A vCPU now: RUNNING on {@code hostCore}, RUNNABLE (waiting for a core or its cap), or IDLE; -1 before it first ran. */
    public record VcpuPlace(int vcpu, String activity, int hostCore) {
    }
}
