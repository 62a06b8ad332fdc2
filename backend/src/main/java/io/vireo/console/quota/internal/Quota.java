package io.vireo.console.quota.internal;

import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.quota.Resources;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The most a team may hold at once. */
@Entity
@Table(name = "quotas")
public class Quota extends IdentifiedEntity {

    private Long teamId;
    private int maxVcpus;
    private long maxMemoryMib;
    private long maxDiskGib;
    private int maxVms;

    protected Quota() {
    }

    public Quota(Long teamId, Resources limits) {
        this.teamId = teamId;
        change(limits);
    }

    public void change(Resources limits) {
        this.maxVcpus = limits.vcpus();
        this.maxMemoryMib = limits.memoryMib();
        this.maxDiskGib = limits.diskGib();
        this.maxVms = limits.vms();
    }

    public Resources limits() {
        return new Resources(maxVcpus, maxMemoryMib, maxDiskGib, maxVms);
    }

    public Long getTeamId() { return teamId; }
}
