package io.vireo.console.vm;

/** What a VM list is narrowed to; empty fields match everything. */
public record VmFilter(String q, Long teamId, PowerState state) {

    public static final VmFilter ALL = new VmFilter(null, null, null);
}
