package io.vireo.console.template;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.image.Image;
import io.vireo.console.team.Team;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

/**
 * A mold for new VMs: their shape, the kernel they boot and, when it owns files, the base disks in its folder
 * {@code template-<id>} of a datastore, which its VMs copy or stand on and which are never written. A template
 * without files (the appliance catalog's) gives each VM a blank disk. Without a team it is shared with everyone
 * and only admins change it. A template cannot be powered on: it is no VM.
 */
@Entity
@Table(name = "templates")
public class Template extends IdentifiedEntity implements AuditTarget {

    private String name;
    private String description;
    @ManyToOne(fetch = FetchType.LAZY)
    private Team team;
    private int vcpus;
    private long memoryMib;
    private long diskGib;
    @ManyToOne(fetch = FetchType.LAZY)
    private Image image;
    @ManyToOne(fetch = FetchType.LAZY)
    private Datastore datastore;
    @OneToMany(mappedBy = "template", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    private List<TemplateDisk> disks = new ArrayList<>();
    private Instant createdAt;

    protected Template() {
    }

    public Template(String name, String description, Team team, int vcpus, long memoryMib, long diskGib, Image image,
            Instant now) {
        this.name = name;
        this.description = description;
        this.team = team;
        this.vcpus = vcpus;
        this.memoryMib = memoryMib;
        this.diskGib = diskGib;
        this.image = image;
        this.createdAt = now;
    }

    /** From now on the template's disks are files in its folder of {@code store}. */
    public void keepFilesIn(Datastore store) {
        this.datastore = store;
    }

    /** A base disk in the template's folder; {@code basePath} names the file its chain stands on, if any. */
    public void addDisk(String fileName, String format, long sizeGib, String basePath) {
        disks.add(new TemplateDisk(this, disks.size(), fileName, format, sizeGib, basePath));
    }

    public boolean isShared() {
        return team == null;
    }

    public boolean hasFiles() {
        return datastore != null;
    }

    /** Whether a VM made from this template can boot: it boots the template's kernel image. */
    public boolean bootsAKernel() {
        return image != null && image.isKernel();
    }

    public Long teamId() {
        return team == null ? null : team.getId();
    }

    /** The template's folder name in its datastore. */
    public String directoryName() {
        return directoryName(getId());
    }

    public static String directoryName(Long id) {
        return "template-" + id;
    }

    /** The template's folder; only for a template that {@link #hasFiles()}. */
    public Path folder() {
        return datastore.directory().resolve(directoryName());
    }

    /** What the template's files take on disk: each base disk's file, measured. */
    public long sizeOnDisk() {
        return hasFiles() ? disks.stream().mapToLong(d -> d.sizeOnDisk(folder())).sum() : 0;
    }

    public String getName() { return name; }
    public String getDescription() { return description; }
    public Team getTeam() { return team; }
    public int getVcpus() { return vcpus; }
    public long getMemoryMib() { return memoryMib; }
    public long getDiskGib() { return diskGib; }
    public Image getImage() { return image; }
    public Datastore getDatastore() { return datastore; }
    public List<TemplateDisk> getDisks() { return List.copyOf(disks); }
    public Instant getCreatedAt() { return createdAt; }
}
