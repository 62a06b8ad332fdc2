package io.vireo.console.datastore;

import java.nio.file.Path;
import java.time.Instant;

import io.vireo.console.audit.AuditTarget;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A directory on the host where VM directories and images live. */
@Entity
@Table(name = "datastores")
public class Datastore implements AuditTarget {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    private String path;
    private long capacityGib;
    private Instant createdAt;

    protected Datastore() {
    }

    public Datastore(String name, Path path, long capacityGib, Instant now) {
        this.name = name;
        this.path = path.toString();
        this.capacityGib = capacityGib;
        this.createdAt = now;
    }

    public Path directory() {
        return Path.of(path);
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public String getPath() { return path; }
    public long getCapacityGib() { return capacityGib; }
    public Instant getCreatedAt() { return createdAt; }
}
