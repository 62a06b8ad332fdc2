package io.vireo.console.appliance;

/** A starter guest the console can build, and the shape of the template it becomes. */
public record CatalogEntry(String name, String title, String description, int vcpus, long memoryMib, long diskGib) {
}
