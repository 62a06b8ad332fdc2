package io.vireo.console.datastore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.domain.IdentifiedEntity;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/**
 * A directory on the host where VM directories and images live. Its room is its file system's
 * ({@link DatastoreSpace}): nothing else limits it. Administrators may grant it to teams, whose owners
 * may then register VM folders found in it.
 */
@Entity
@Table(name = "datastores")
public class Datastore extends IdentifiedEntity implements AuditTarget {

    private String name;
    private String path;
    private Instant createdAt;
    /** Loaded with the datastore: a handful of ids, read wherever the datastore is shown. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "datastore_grants", joinColumns = @JoinColumn(name = "datastore_id"))
    @Column(name = "team_id")
    private Set<Long> grantedTeamIds = new HashSet<>();

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

    public boolean isGrantedTo(Long teamId) {
        return grantedTeamIds.contains(teamId);
    }

    void grant(Long teamId) {
        grantedTeamIds.add(teamId);
    }

    void revoke(Long teamId) {
        grantedTeamIds.remove(teamId);
    }

    public String getName() { return name; }
    public String getPath() { return path; }
    public Instant getCreatedAt() { return createdAt; }
    public Set<Long> getGrantedTeamIds() { return Set.copyOf(grantedTeamIds); }
}
