package io.vireo.console.engine;

/** Published when the engine moves a VM, whoever caused it: a user, the guest itself, or a failure. */
public record RuntimeStateChanged(Long vmId, RuntimeState state, String reason) {
}
