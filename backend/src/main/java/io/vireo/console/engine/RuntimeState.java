package io.vireo.console.engine;

/** A VM's state as the engine runs it; a VM the engine does not hold is {@link #OFF}. */
public enum RuntimeState {
    OFF, RUNNING, PAUSED, CRASHED
}
