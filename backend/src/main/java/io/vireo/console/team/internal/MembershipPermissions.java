package io.vireo.console.team.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.vireo.console.security.Permission;
import io.vireo.console.security.TeamPermissions;

/** Tells the access policy what a user's role in each of their teams permits. */
@Component
class MembershipPermissions implements TeamPermissions {

    private final MembershipRepository memberships;
    private final TeamRepository teams;

    MembershipPermissions(MembershipRepository memberships, TeamRepository teams) {
        this.memberships = memberships;
        this.teams = teams;
    }

    @Override
    public Map<Long, Set<Permission>> of(Long userId) {
        Map<Long, Set<Permission>> permissions = new HashMap<>();
        for (Membership membership : memberships.findByUserId(userId)) {
            permissions.put(membership.getTeam().getId(), membership.getRole().permissions());
        }
        return permissions;
    }

    @Override
    public Set<Long> allTeamIds() {
        return Set.copyOf(teams.findAllIds());
    }
}
