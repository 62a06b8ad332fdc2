package io.vireo.console.snapshot;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.vm.Vm;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;

/**
 * A point in a VM's history, in a tree where each names the one it was taken on top of. It froze the top file of
 * every disk's chain when it was taken: those files, never written again, are what it reads.
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
    /** Disk position → the frozen file in the VM's folder. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "snapshot_disks", joinColumns = @JoinColumn(name = "snapshot_id"))
    @MapKeyColumn(name = "position")
    @Column(name = "file_name")
    private Map<Integer, String> files = new HashMap<>();
    /** The folder in the VM's folder with the machine state and memory saved with it; null: disks only. */
    private String stateFolder;

    protected Snapshot() {
    }

    Snapshot(Vm vm, Snapshot parent, String name, String description, String createdBy, Instant createdAt,
            Map<Integer, String> files, String stateFolder) {
        this.stateFolder = stateFolder;
        this.vm = vm;
        this.parent = parent;
        this.name = name;
        this.description = description;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.files.putAll(files);
    }

    /** Splices this snapshot out of the tree: its children now hang from its parent. */
    void adoptChildrenInto(Snapshot child) {
        child.parent = this.parent;
    }

    /** Before the whole tree goes at once (consolidation), so no row names one already gone. */
    void detachFromParent() {
        parent = null;
    }

    public Long parentId() {
        return parent == null ? null : parent.getId();
    }

    /** The frozen file of disk {@code position}. */
    public String file(int position) {
        return files.get(position);
    }

    /** The folder of its saved machine state and memory, when it was taken with them. */
    public Optional<String> stateFolder() {
        return Optional.ofNullable(stateFolder);
    }

    public Vm getVm() { return vm; }
    public Snapshot getParent() { return parent; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public String getCreatedBy() { return createdBy; }
    public Instant getCreatedAt() { return createdAt; }
    public Map<Integer, String> getFiles() { return Map.copyOf(files); }
}
