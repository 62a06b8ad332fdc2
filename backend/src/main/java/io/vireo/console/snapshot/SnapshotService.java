package io.vireo.console.snapshot;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.security.Permission;
import io.vireo.console.snapshot.internal.SnapshotRepository;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmQueries;

/**
 * The snapshot records of each VM, as a tree. None can be taken or reverted to: the console makes no delta
 * disks, so a snapshot would be a record of nothing. Records an earlier version made can be read and deleted.
 */
@Service
public class SnapshotService {

    private final SnapshotRepository snapshots;
    private final VmQueries vms;

    SnapshotService(SnapshotRepository snapshots, VmQueries vms) {
        this.snapshots = snapshots;
        this.vms = vms;
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

    private Snapshot find(Vm vm, Long snapshotId) {
        Snapshot snapshot = snapshots.findById(snapshotId)
                .orElseThrow(() -> new NotFoundException("Snapshot", snapshotId));
        if (!snapshot.getVm().getId().equals(vm.getId())) {
            throw new NotFoundException("Snapshot", snapshotId);
        }
        return snapshot;
    }
}
