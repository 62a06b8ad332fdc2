package io.vireo.console.appliance;

/**
 * A catalog entry and the shape of the VMs it makes: a starter guest the console builds ({@code BUILT}, made into a
 * shared template), or an OVA an administrator added ({@code OVA}, imported as a VM of each team that deploys it).
 */
public record CatalogEntry(String name, String title, String description, int vcpus, long memoryMib, long diskGib,
        Kind kind) {

    public enum Kind {
        BUILT, OVA
    }
}
