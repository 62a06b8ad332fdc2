package io.vireo.console.security;

import java.util.Map;
import java.util.Set;

/**
 * Who is asking, as the access policy sees them for the current request: what their role in each of their
 * teams permits.
 */
public record Caller(Long userId, String username, boolean admin, Map<Long, Set<Permission>> teamPermissions) {

    public Caller {
        teamPermissions = Map.copyOf(teamPermissions);
    }

    public boolean isMemberOf(Long teamId) {
        return teamPermissions.containsKey(teamId);
    }

    public boolean can(Long teamId, Permission permission) {
        return admin || teamPermissions.getOrDefault(teamId, Set.of()).contains(permission);
    }

    public Set<Long> memberTeamIds() {
        return teamPermissions.keySet();
    }
}
