package io.vireo.console.appliance;

import java.nio.file.Path;
import java.time.Instant;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.IdentifiedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A catalog entry backed by an OVA in a datastore, at {@code path} relative to it: {@code kept} when the console
 * wrote the file there (an upload, removed with the entry), else a file an administrator placed there, which stays.
 */
@Entity
@Table(name = "catalog_packages")
public class CatalogPackage extends IdentifiedEntity implements AuditTarget {

    private String name;
    private String title;
    private String description;
    private int vcpus;
    private long memoryMib;
    private long diskGib;
    private boolean license;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Datastore datastore;
    private String path;
    private boolean kept;
    private Instant createdAt;

    protected CatalogPackage() {
    }

    CatalogPackage(CatalogEntry entry, boolean license, Datastore datastore, String path, boolean kept, Instant now) {
        this.name = entry.name();
        this.title = entry.title();
        this.description = entry.description();
        this.vcpus = entry.vcpus();
        this.memoryMib = entry.memoryMib();
        this.diskGib = entry.diskGib();
        this.license = license;
        this.datastore = datastore;
        this.path = path;
        this.kept = kept;
        this.createdAt = now;
    }

    CatalogEntry entry() {
        return new CatalogEntry(name, title, description, vcpus, memoryMib, diskGib, CatalogEntry.Kind.OVA);
    }

    Path file() {
        return datastore.directory().resolve(path);
    }

    public String getName() { return name; }
    public boolean hasLicense() { return license; }
    public boolean isKept() { return kept; }
    public Datastore getDatastore() { return datastore; }
    public Instant getCreatedAt() { return createdAt; }
}
