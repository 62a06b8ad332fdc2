package io.vireo.console.security;

import java.util.Map;
import java.util.Set;

import io.vireo.console.team.TeamRole;

/** Who is asking, as the access policy sees them for the current request. */
public record Caller(Long userId, String username, boolean admin, Map<Long, TeamRole> teamRoles) {

    public Caller {
        teamRoles = Map.copyOf(teamRoles);
    }

    public boolean isMemberOf(Long teamId) {
        return teamRoles.containsKey(teamId);
    }

    public boolean can(Long teamId, Permission permission) {
        if (admin) {
            return true;
        }
        TeamRole role = teamRoles.get(teamId);
        return role != null && role.grants(permission);
    }

    public Set<Long> memberTeamIds() {
        return teamRoles.keySet();
    }
}
