package io.vireo.console.team;

/**
 * Published when a user joins a team, leaves it or gets another role there, so what they hold open (a
 * console, an event stream) can follow their new rights at once.
 */
public record MembershipChanged(Long teamId, String username) {
}
