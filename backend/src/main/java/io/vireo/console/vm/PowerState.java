package io.vireo.console.vm;

/** A VM's state as the inventory records it. Power transitions arrive with the engine (issue 6). */
public enum PowerState {
    /** Its directory and disks are being created. */
    PROVISIONING,
    STOPPED,
    RUNNING,
    PAUSED,
    /** Provisioning failed; the task says why. */
    ERROR;

    public boolean isActive() {
        return this == RUNNING || this == PAUSED;
    }
}
