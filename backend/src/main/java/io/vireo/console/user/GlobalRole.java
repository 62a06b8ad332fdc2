package io.vireo.console.user;

/** What a user may do across the whole console; what they may do to a team's objects comes from membership. */
public enum GlobalRole {
    ADMIN, USER
}
