package io.vireo.console.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.engine.DiskImages;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.task.TaskProgress;
import io.vireo.console.vm.VmPowerService;
import io.vireo.console.vm.VmSavedState;

/**
 * The memory of snapshots taken with it: a running VM's machine state and memory saved into the snapshot's own
 * folder at the instant its disks are frozen, and the VM run again from there when it is reverted to. The folder's
 * memory file is mapped copy-on-write by a VM resumed from it and never written, so the snapshot stays reusable.
 */
@Component
class SnapshotMemory {

    private final HostDriver host;
    private final DiskImages disks;
    private final VmPowerService power;
    private final TransactionTemplate transactions;

    SnapshotMemory(HostDriver host, DiskImages disks, VmPowerService power, TransactionTemplate transactions) {
        this.host = host;
        this.disks = disks;
        this.power = power;
        this.transactions = transactions;
    }

    /**
     * Pauses the VM, writes its state and memory to {@code dir}, puts each disk's new top over its frozen file while
     * it stands still, lets it go on over the new tops, then runs {@code record} in a transaction. If the state cannot
     * be written, {@code dir} and the new tops go and the VM goes on as it was.
     */
    void take(Long vmId, Path dir, List<SnapshotWork.Step> steps, Runnable record, TaskProgress progress)
            throws IOException {
        Map<Integer, Path> newTops = new TreeMap<>();
        steps.forEach(step -> newTops.put(step.position(), step.newTop()));
        try {
            host.checkpoint(vmId, dir, newTops, () -> {
                for (SnapshotWork.Step step : steps) {
                    disks.createOverlay(step.from(), step.newTop());
                }
            });
        } catch (IOException | RuntimeException e) {
            // The VM goes on over its old tops (or crashed): nothing uses what was written.
            VmSavedState.deleteTree(dir);
            for (Path top : newTops.values()) {
                Files.deleteIfExists(top);
            }
            throw e;
        }
        progress.report(90);
        transactions.executeWithoutResult(status -> record.run());
    }

    /** Runs the VM, off and reverted to the snapshot's disks, from the state saved in {@code dir}. */
    void resume(Long vmId, Path dir) {
        transactions.execute(status -> {
            try {
                power.resumeFrom(vmId, dir);
            } catch (IOException e) {
                throw new UncheckedIOException("The VM could not go on from the snapshot's memory: "
                        + e.getMessage(), e);
            }
            return null;
        });
    }
}
