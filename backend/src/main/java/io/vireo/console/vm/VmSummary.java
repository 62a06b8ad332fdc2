package io.vireo.console.vm;

/** A VM's name and state, for lists that show nothing more. */
public record VmSummary(Long id, String name, PowerState powerState) {
}
