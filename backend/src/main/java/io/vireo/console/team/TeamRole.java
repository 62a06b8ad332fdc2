package io.vireo.console.team;

import java.util.EnumSet;
import java.util.Set;

import io.vireo.console.security.Permission;

/** A member's role in a team, and the permissions it grants on the team's objects. */
public enum TeamRole {
    OWNER(EnumSet.allOf(Permission.class)),
    OPERATOR(EnumSet.of(Permission.VIEW, Permission.OPERATE)),
    VIEWER(EnumSet.of(Permission.VIEW));

    private final Set<Permission> permissions;

    TeamRole(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public Set<Permission> permissions() {
        return permissions;
    }
}
