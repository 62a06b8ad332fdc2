package io.vireo.console.vm;

/**
 * Who chooses a new VM's host: CHOSEN, the host {@code hostId} names (the embedded engine when it is left out), or
 * AUTO, the scheduler, among the embedded engine and the connected hosts not in maintenance.
 */
public enum Placement {
    CHOSEN, AUTO
}
