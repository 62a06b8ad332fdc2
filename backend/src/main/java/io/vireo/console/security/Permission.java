package io.vireo.console.security;

/** What a caller wants to do to a team's object. */
public enum Permission {
    /** See it. */
    VIEW,
    /** Change its run-time state: power, snapshots, cancel tasks. */
    OPERATE,
    /** Create, reconfigure, delete. */
    CONFIGURE
}
