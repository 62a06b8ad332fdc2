package io.vireo.console.template;

import java.time.Instant;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.image.Image;
import io.vireo.console.team.Team;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A starting point for new VMs. Without a team it is shared with everyone and only admins change it. */
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

    public boolean isShared() {
        return team == null;
    }

    /** Whether a VM made from this template can boot: it boots the template's kernel image. */
    public boolean bootsAKernel() {
        return image != null && image.isKernel();
    }

    public Long teamId() {
        return team == null ? null : team.getId();
    }

    public String getName() { return name; }
    public String getDescription() { return description; }
    public Team getTeam() { return team; }
    public int getVcpus() { return vcpus; }
    public long getMemoryMib() { return memoryMib; }
    public long getDiskGib() { return diskGib; }
    public Image getImage() { return image; }
    public Instant getCreatedAt() { return createdAt; }
}
