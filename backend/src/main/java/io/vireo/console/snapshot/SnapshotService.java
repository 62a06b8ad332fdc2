package io.vireo.console.snapshot;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Audited;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.domain.NotYetAvailableException;
import io.vireo.console.security.Permission;
import io.vireo.console.snapshot.internal.SnapshotRepository;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmQueries;

/**
 * The snapshot tree of each VM. Records are kept now; the disk deltas behind them are made by the engine
 * once it is wired in (issue 6), which is why revert answers "not yet available".
 */
@Service
public class SnapshotService {

    private final SnapshotRepository snapshots;
    private final VmQueries vms;
    private final Clock clock;

    SnapshotService(SnapshotRepository snapshots, VmQueries vms, Clock clock) {
        this.snapshots = snapshots;
        this.vms = vms;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<SnapshotView> tree(Long vmId) {
        Vm vm = vms.authorized(vmId, Permission.VIEW);
        return SnapshotView.tree(snapshots.findByVmIdOrderByCreatedAt(vmId), vm.getCurrentSnapshotId());
    }

    @Transactional(readOnly = true)
    public SnapshotView get(Long vmId, Long snapshotId) {
        Vm vm = vms.authorized(vmId, Permission.VIEW);
        return SnapshotView.flat(find(vm, snapshotId), vm.getCurrentSnapshotId());
    }

    /** A new snapshot hangs under the VM's current one and becomes current. */
    @Audited(action = "snapshot.create", target = "Snapshot")
    @Transactional
    public Snapshot create(Long vmId, SnapshotRequest request) {
        Vm vm = vms.authorized(vmId, Permission.OPERATE);
        Snapshot parent = vm.getCurrentSnapshotId() == null ? null
                : snapshots.findById(vm.getCurrentSnapshotId()).orElse(null);
        Snapshot snapshot = snapshots.save(new Snapshot(vm, parent, request.name(), request.description(),
                AuditLog.currentActor(), clock.instant()));
        vm.pointCurrentSnapshotAt(snapshot.getId());
        return snapshot;
    }

    /** Deleting keeps the tree whole: children move up to the deleted snapshot's parent. */
    @Audited(action = "snapshot.delete", target = "Snapshot", idArgument = 1)
    @Transactional
    public void delete(Long vmId, Long snapshotId) {
        Vm vm = vms.authorized(vmId, Permission.OPERATE);
        Snapshot snapshot = find(vm, snapshotId);
        snapshots.findByParentId(snapshotId).forEach(snapshot::adoptChildrenInto);
        if (snapshotId.equals(vm.getCurrentSnapshotId())) {
            vm.pointCurrentSnapshotAt(snapshot.parentId());
        }
        snapshots.flush();
        snapshots.delete(snapshot);
    }

    @Audited(action = "snapshot.revert", target = "Snapshot", idArgument = 1)
    @Transactional(readOnly = true)
    public Snapshot revert(Long vmId, Long snapshotId) {
        find(vms.authorized(vmId, Permission.OPERATE), snapshotId);
        throw new NotYetAvailableException("Reverting to a snapshot");
    }

    private Snapshot find(Vm vm, Long snapshotId) {
        Snapshot snapshot = snapshots.findById(snapshotId)
                .orElseThrow(() -> new NotFoundException("Snapshot", snapshotId));
        if (!snapshot.getVm().getId().equals(vm.getId())) {
            throw new NotFoundException("Snapshot", snapshotId);
        }
        return snapshot;
    }
}
