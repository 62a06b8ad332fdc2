package io.vireo.console.snapshot;

import java.nio.file.Path;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.snapshot.internal.SnapshotRepository;
import io.vireo.console.vm.DiskDependants;
import io.vireo.console.vm.Vm;

/** What every snapshot operation checks: the snapshot is the VM's, and no one else stands on a file it removes. */
@Component
class SnapshotGuards {

    private final SnapshotRepository snapshots;
    private final ObjectProvider<DiskDependants> dependants;

    SnapshotGuards(SnapshotRepository snapshots, ObjectProvider<DiskDependants> dependants) {
        this.snapshots = snapshots;
        this.dependants = dependants;
    }

    /** Another VM's snapshot is as unknown as a missing one. */
    Snapshot own(Vm vm, Long snapshotId) {
        Snapshot snapshot = snapshots.findById(snapshotId)
                .orElseThrow(() -> new NotFoundException("Snapshot", snapshotId));
        if (!snapshot.getVm().getId().equals(vm.getId())) {
            throw new NotFoundException("Snapshot", snapshotId);
        }
        return snapshot;
    }

    /** A linked clone (or anything else) reading through {@code file} would lose its disk if it went. */
    void requireNoDependants(Path file) {
        List<String> names = dependants.orderedStream().flatMap(d -> d.on(file.toAbsolutePath().normalize()).stream())
                .toList();
        if (!names.isEmpty()) {
            throw new ConflictException("Disk file in use", "The file " + file.getFileName() + " is the base of "
                    + String.join(", ", names) + "; delete or consolidate them first");
        }
    }
}
