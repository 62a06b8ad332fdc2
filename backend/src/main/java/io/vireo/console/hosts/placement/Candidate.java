package io.vireo.console.hosts.placement;

import java.util.List;

import io.vireo.console.hosts.HostState;

/**
 * A host as the scheduler weighs it: {@code hostId} null for the embedded engine; {@code freeMemoryMib} null when not
 * known; {@code vmVcpus} the vCPUs of the VMs running there now.
 */
public record Candidate(Long hostId, String name, HostState state, String error, List<String> guestArchitectures,
        int cpus, Long freeMemoryMib, int vmVcpus, Double cpuPercent) {

    public Candidate {
        guestArchitectures = List.copyOf(guestArchitectures);
    }

    int freeCores() {
        return cpus - vmVcpus;
    }
}
