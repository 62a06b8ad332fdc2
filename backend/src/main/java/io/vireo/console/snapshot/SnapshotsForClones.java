package io.vireo.console.snapshot;

import java.io.IOException;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.snapshot.internal.SnapshotRepository;
import io.vireo.console.task.TaskProgress;
import io.vireo.console.vm.SnapshotTaking;

/**
 * Takes the snapshot a linked clone of a VM's current state stands on, inside the clone's task, exactly as a
 * snapshot task would: running or not, the VM goes on writing a new delta, and the files it froze are the clone's
 * bases.
 */
@Component
class SnapshotsForClones implements SnapshotTaking {
    private static final int MAX_NAME = 64;

    private final SnapshotWork work;
    private final SnapshotRepository snapshots;
    private final TransactionTemplate transactions;

    SnapshotsForClones(SnapshotWork work, SnapshotRepository snapshots, TransactionTemplate transactions) {
        this.work = work;
        this.snapshots = snapshots;
        this.transactions = transactions;
    }

    @Override
    public Map<Integer, String> take(Long vmId, String name, String actor, TaskProgress progress) throws IOException {
        String fitting = name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
        work.take(vmId, new SnapshotRequest(fitting, "Frozen as the base of a linked clone", false), actor, progress);
        return transactions.execute(status -> snapshots.findByVmIdOrderById(vmId).getLast().getFiles());
    }
}
