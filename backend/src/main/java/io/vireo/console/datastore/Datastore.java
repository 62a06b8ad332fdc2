package io.vireo.console.datastore;

import java.nio.file.Path;
import java.time.Instant;

import io.vireo.console.audit.AuditTarget;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A directory on the host where VM directories and images live. Its room is its file system's
 * ({@link DatastoreSpace}): nothing else limits it.
 */
@Entity
@Table(name = "datastores")
public class Datastore implements AuditTarget {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    private String path;
    private Instant createdAt;

    protected Datastore() {
    }

    public Datastore(String name, Path path, Instant now) {
        this.name = name;
        this.path = path.toString();
        this.createdAt = now;
    }

    public Path directory() {
        return Path.of(path);
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public String getPath() { return path; }
    public Instant getCreatedAt() { return createdAt; }
}
