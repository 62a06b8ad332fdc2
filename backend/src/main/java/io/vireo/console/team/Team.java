package io.vireo.console.team;

import java.time.Instant;

import io.vireo.console.domain.IdentifiedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "teams")
public class Team extends IdentifiedEntity {

    private String name;
    private String description;
    private Instant createdAt;

    protected Team() {
    }

    public Team(String name, String description, Instant now) {
        this.name = name;
        this.description = description;
        this.createdAt = now;
    }

    public void describe(String name, String description) {
        this.name = name;
        this.description = description;
    }

    public String getName() { return name; }
    public String getDescription() { return description; }
    public Instant getCreatedAt() { return createdAt; }
}
