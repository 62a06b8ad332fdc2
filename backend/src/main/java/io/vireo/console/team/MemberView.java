package io.vireo.console.team;

public record MemberView(Long userId, String username, String displayName, TeamRole role) {
}
