package io.vireo.console.team;

/** A team the caller belongs to, and their role in it. */
public record MembershipView(Long teamId, String team, TeamRole role) {
}
