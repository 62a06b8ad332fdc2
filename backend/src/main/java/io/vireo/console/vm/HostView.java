package io.vireo.console.vm;

import java.util.List;

import io.vireo.console.engine.HostLoad;

/**
 * The Host page and API: the host's cores and RAM, what its powered-on VMs were promised and hold, and the
 * live figures of those powered-on VMs the caller may see (the totals count every VM).
 */
public record HostView(int cores, long memoryMib, int vcpus, double vcpuOvercommit, long memoryPromisedMib,
        long memoryHeldMib, double memoryOvercommit, long memoryLimitMib, List<Row> vms) {

    public HostView {
        vms = List.copyOf(vms);
    }

    /** One powered-on VM and its live use of the host. */
    public record Row(Long id, String name, String teamName, HostLoad.VmLoad load) {
    }
}
