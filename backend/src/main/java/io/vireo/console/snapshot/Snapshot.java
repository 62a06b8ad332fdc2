package io.vireo.console.snapshot;

import java.time.Instant;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.vm.Vm;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A snapshot record: a point in a VM's history, in a tree where each names the one it was taken on top of.
 * The console takes none (it makes no delta disks); the records that exist hold no disk state.
 */
@Entity
@Table(name = "snapshots")
public class Snapshot extends IdentifiedEntity implements AuditTarget {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Vm vm;
    @ManyToOne(fetch = FetchType.LAZY)
    private Snapshot parent;
    private String name;
    private String description;
    private String createdBy;
    private Instant createdAt;

    protected Snapshot() {
    }

    /** Splices this snapshot out of the tree: its children now hang from its parent. */
    void adoptChildrenInto(Snapshot child) {
        child.parent = this.parent;
    }

    public Long parentId() {
        return parent == null ? null : parent.getId();
    }

    public Vm getVm() { return vm; }
    public Snapshot getParent() { return parent; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public String getCreatedBy() { return createdBy; }
    public Instant getCreatedAt() { return createdAt; }
}
