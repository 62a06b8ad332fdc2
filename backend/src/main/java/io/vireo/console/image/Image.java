package io.vireo.console.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.team.Team;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A file in a datastore that VMs are made from: a kernel (with its initramfs) they boot directly, or a disk
 * image (qcow2 or raw, standalone) a new VM's first disk is copied from or stands on, or an ISO image a VM's
 * CD-ROM drive reads. An image with no team is the shared library's
 * (administrators manage it); one made from a team's VM or template is that team's.
 */
@Entity
@Table(name = "images")
public class Image extends IdentifiedEntity implements AuditTarget {

    private String name;
    @Enumerated(EnumType.STRING)
    private ImageKind kind;
    private String format;
    @ManyToOne(fetch = FetchType.LAZY)
    private Team team;
    private long sizeBytes;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Datastore datastore;
    private String path;
    private String initrdPath;
    private String commandLine;
    private Instant createdAt;

    protected Image() {
    }

    private Image(String name, ImageKind kind, String format, long sizeBytes, Datastore datastore, String path,
            Instant now) {
        this.name = name;
        this.kind = kind;
        this.format = format;
        this.sizeBytes = sizeBytes;
        this.datastore = datastore;
        this.path = path;
        this.createdAt = now;
    }

    /** A kernel booted directly, with the initramfs beside it and the command line it needs. */
    public static Image kernel(String name, Datastore datastore, String kernelPath, String initrdPath,
            String commandLine, long sizeBytes, Instant now) {
        Image image = new Image(name, ImageKind.KERNEL, "image", sizeBytes, datastore, kernelPath, now);
        image.initrdPath = initrdPath;
        image.commandLine = commandLine;
        return image;
    }

    /** A standalone disk image ({@code qcow2} or {@code raw}) at {@code path}, shared when {@code team} is null. */
    public static Image disk(String name, Team team, Datastore datastore, String path, String format, long sizeBytes,
            Instant now) {
        Image image = new Image(name, ImageKind.DISK, format, sizeBytes, datastore, path, now);
        image.team = team;
        return image;
    }

    /** An ISO image ({@code raw}, whole 2048-byte blocks) at {@code path}, shared when {@code team} is null. */
    public static Image iso(String name, Team team, Datastore datastore, String path, long sizeBytes, Instant now) {
        Image image = new Image(name, ImageKind.ISO, "raw", sizeBytes, datastore, path, now);
        image.team = team;
        return image;
    }

    /** Only kernel images can be booted: the engine loads a kernel directly and has no firmware to boot a disc. */
    public boolean isKernel() {
        return kind == ImageKind.KERNEL;
    }

    public boolean isDisk() {
        return kind == ImageKind.DISK;
    }

    public boolean isIso() {
        return kind == ImageKind.ISO;
    }

    public boolean isShared() {
        return team == null;
    }

    public Long teamId() {
        return team == null ? null : team.getId();
    }

    /** The image's file on this host; paths are kept relative to the datastore so it can move. */
    public Path file() {
        return datastore.directory().resolve(path);
    }

    public Optional<Path> initrdFile() {
        return Optional.ofNullable(initrdPath).map(datastore.directory()::resolve);
    }

    public String getName() { return name; }
    public ImageKind getKind() { return kind; }
    public String getFormat() { return format; }
    public Team getTeam() { return team; }
    public long getSizeBytes() { return sizeBytes; }
    public Datastore getDatastore() { return datastore; }
    public String getPath() { return path; }
    public String getInitrdPath() { return initrdPath; }
    public String getCommandLine() { return commandLine; }
    public Instant getCreatedAt() { return createdAt; }
}
