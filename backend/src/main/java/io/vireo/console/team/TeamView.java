package io.vireo.console.team;

import java.time.Instant;

public record TeamView(Long id, String name, String description, Instant createdAt) {

    public static TeamView of(Team team) {
        return new TeamView(team.getId(), team.getName(), team.getDescription(), team.getCreatedAt());
    }
}
