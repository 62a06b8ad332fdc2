package io.vireo.console.hosts;

/** Whether a host can run VMs now: connected, unreachable (its VMs' states are the last known), or in maintenance. */
public enum HostState {
    CONNECTED, UNREACHABLE, MAINTENANCE
}
