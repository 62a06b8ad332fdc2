package io.vireo.console.image;

import java.time.Instant;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.datastore.Datastore;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A bootable file in a datastore: ISO, disk image or kernel. */
@Entity
@Table(name = "images")
public class Image implements AuditTarget {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    @Enumerated(EnumType.STRING)
    private ImageKind kind;
    private String format;
    private long sizeBytes;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Datastore datastore;
    private String path;
    private Instant createdAt;

    protected Image() {
    }

    public Image(String name, ImageKind kind, String format, long sizeBytes, Datastore datastore, String path,
            Instant now) {
        this.name = name;
        this.kind = kind;
        this.format = format;
        this.sizeBytes = sizeBytes;
        this.datastore = datastore;
        this.path = path;
        this.createdAt = now;
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public ImageKind getKind() { return kind; }
    public String getFormat() { return format; }
    public long getSizeBytes() { return sizeBytes; }
    public Datastore getDatastore() { return datastore; }
    public String getPath() { return path; }
    public Instant getCreatedAt() { return createdAt; }
}
