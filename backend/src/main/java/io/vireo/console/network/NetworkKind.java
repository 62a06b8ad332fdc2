package io.vireo.console.network;

/** The virtual switch kinds the engine provides. */
public enum NetworkKind {
    /** VM to VM only. */
    ISOLATED,
    /** VMs and the host. */
    HOST_ONLY,
    /** VMs reach outside through the engine's user-space gateway. */
    NAT
}
