package io.vireo.console.security;

import java.util.Map;
import java.util.Set;

/** What a user may do to each team's objects, from their memberships; the team module answers. */
public interface TeamPermissions {

    /** The teams {@code userId} belongs to, with what their role there permits. */
    Map<Long, Set<Permission>> of(Long userId);

    /** Every team: administrators see all of them. */
    Set<Long> allTeamIds();
}
