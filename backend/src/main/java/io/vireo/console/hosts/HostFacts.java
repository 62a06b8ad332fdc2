package io.vireo.console.hosts;

import java.util.List;

/**
 * What a host is: its own CPU architecture, the guest architectures it runs (a libvirt host: each QEMU it has), its
 * logical CPUs and its memory.
 */
public record HostFacts(String arch, List<String> guestArchitectures, int cpus, long memoryMib) {
    public HostFacts {
        guestArchitectures = List.copyOf(guestArchitectures);
    }
}
