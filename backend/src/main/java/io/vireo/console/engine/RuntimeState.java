package io.vireo.console.engine;

/**
 * A VM's state as the engine runs it; a VM the engine does not hold is {@link #OFF}. {@link #SUSPENDED} is told once,
 * when the engine has written the VM's state to its folder and lets go of it: from then on the folder holds it.
 * {@link #UNKNOWN} is told by a host that cannot be reached for a VM last seen running or paused there: it may run on.
 */
public enum RuntimeState {
    OFF, RUNNING, PAUSED, CRASHED, SUSPENDED, UNKNOWN
}
