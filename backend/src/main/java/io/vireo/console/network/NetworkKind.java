package io.vireo.console.network;

/** The virtual switch kinds the engine provides; each name is the engine's network mode of the same name. */
public enum NetworkKind {
    /** VM to VM only. */
    ISOLATED,
    /** VMs and the host. */
    HOST_ONLY,
    /** VMs reach outside through the engine's user-space gateway. */
    NAT,
    /** VMs are on a host device's segment (a TAP device or bridge); only administrators make one. */
    BRIDGED
}
