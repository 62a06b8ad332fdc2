package io.vireo.console.hosts;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vireo.console.engine.HostLoad;
import io.vireo.console.hosts.libvirt.NodeStats;

/** A host's use now, and what the console's running VMs take of it. */
@Schema(description = "The host's use now; null while it cannot be reached")
public record HostUsage(
        @Schema(description = "How busy the host's CPUs are, percent of all of them; null until measured")
        Double cpuPercent,
        @Schema(description = "Memory a new VM can have now: on a libvirt host what its kernel has free (with"
                + " buffers and cache), on the embedded engine what it may still promise powered-on VMs")
        long freeMemoryMib,
        @Schema(description = "vCPUs of the console's VMs running there") int vmVcpus,
        @Schema(description = "Memory of the console's VMs running there") long vmMemoryMib) {

    static HostUsage of(NodeStats node) {
        return new HostUsage(node.cpuPercent(), node.availableMemoryMib(), node.vmVcpus(), node.vmMemoryMib());
    }

    /** The embedded engine admits a VM while its promises stay within its memory limit. */
    static HostUsage ofEngine(HostLoad load, Double cpuPercent) {
        return new HostUsage(cpuPercent, Math.max(0, load.memoryLimitMib() - load.memoryPromisedMib()), load.vcpus(),
                load.memoryPromisedMib());
    }

    /** The host's CPUs its running VMs' vCPUs leave; none when they take all (or more). */
    public int freeCores(int cpus) {
        return Math.max(0, cpus - vmVcpus);
    }
}
