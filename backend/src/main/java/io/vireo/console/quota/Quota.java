package io.vireo.console.quota;

import io.vireo.console.team.Team;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

/** The most a team may hold at once. */
@Entity
@Table(name = "quotas")
public class Quota {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @OneToOne(fetch = FetchType.LAZY, optional = false)
    private Team team;
    private int maxVcpus;
    private long maxMemoryMib;
    private long maxDiskGib;
    private int maxVms;

    protected Quota() {
    }

    public Quota(Team team, Resources limits) {
        this.team = team;
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

    public Long getId() { return id; }
    public Team getTeam() { return team; }
}
