package io.vireo.console.hosts.placement;

/** What a new VM needs of its host: its guest architecture, vCPUs and memory. */
public record Demand(String architecture, int vcpus, long memoryMib) {
}
