package io.vireo.console.snapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.snapshot.internal.SnapshotRepository;
import io.vireo.console.vm.SavedSnapshot;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmSnapshotTree;

/** The snapshot tree as a VM's {@code vm.conf} lists it, and back from it when the folder is registered. */
@Component
class SnapshotFolderRecords implements VmSnapshotTree {

    private final SnapshotRepository snapshots;

    SnapshotFolderRecords(SnapshotRepository snapshots) {
        this.snapshots = snapshots;
    }

    /** Ordered by id: a parent is always taken before its children, and deleting one re-parents upwards. */
    @Override
    public List<SavedSnapshot> saved(Long vmId) {
        return snapshots.findByVmIdOrderById(vmId).stream()
                .map(s -> new SavedSnapshot(s.getId(), s.parentId() == null ? 0 : s.parentId(), s.getName(),
                        s.getDescription(), s.getCreatedAt(), s.getFiles()))
                .toList();
    }

    @Override
    public Map<Long, Long> restore(Vm vm, List<SavedSnapshot> saved) {
        Map<Long, Snapshot> restored = new HashMap<>();
        Map<Long, Long> ids = new HashMap<>();
        for (SavedSnapshot s : saved) {
            Snapshot snapshot = snapshots.saveAndFlush(new Snapshot(vm, restored.get(s.parentKey()), s.name(),
                    s.description(), AuditLog.currentActor(), s.createdAt(), s.files(), null));
            restored.put(s.key(), snapshot);
            ids.put(s.key(), snapshot.getId());
        }
        return ids;
    }
}
