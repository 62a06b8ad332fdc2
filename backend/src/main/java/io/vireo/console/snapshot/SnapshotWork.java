package io.vireo.console.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.snapshot.internal.SnapshotRepository;
import io.vireo.console.task.TaskProgress;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmChanges;
import io.vireo.console.vm.VmDisk;
import io.vireo.console.vm.VmDiskLocks;
import io.vireo.console.vm.VmQueries;
import io.vireo.console.vm.VmSavedState;

/**
 * The work of the snapshot tasks, on the VM's files and then its records. Each holds the VM's disk lock for its
 * whole length; new files are written before the records name them, and old files are deleted only once the
 * records no longer do, so a failure leaves the VM reading what it read before. A running VM's disk is changed
 * through {@link HostDriver#reopenDisk} (the engine detaches it meanwhile).
 */
@Component
class SnapshotWork {
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    /** A snapshot's folder of saved state and memory, in the VM's folder, is this and a random id. */
    static final String STATE_FOLDER_PREFIX = "snapshot-memory-";

    private final VmQueries vms;
    private final VmChanges changes;
    private final VmDiskLocks locks;
    private final SnapshotRepository snapshots;
    private final SnapshotGuards guards;
    private final DiskImages disks;
    private final HostDriver host;
    private final TransactionTemplate transactions;
    private final SnapshotMemory memory;
    private final Clock clock;

    SnapshotWork(VmQueries vms, VmChanges changes, VmDiskLocks locks, SnapshotRepository snapshots,
            SnapshotGuards guards, DiskImages disks, HostDriver host, TransactionTemplate transactions,
            SnapshotMemory memory, Clock clock) {
        this.memory = memory;
        this.vms = vms;
        this.changes = changes;
        this.locks = locks;
        this.snapshots = snapshots;
        this.guards = guards;
        this.disks = disks;
        this.host = host;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Freezes every disk's top and puts a new delta on it; the snapshot hangs from the current one. With memory, the
     * running VM's state and memory are saved into the snapshot's own folder at the instant its disks are frozen.
     */
    void take(Long vmId, SnapshotRequest request, String actor, TaskProgress progress) throws IOException {
        locks.exclusively(vmId, "#" + vmId, () -> {
            boolean running = host.state(vmId) != RuntimeState.OFF;
            List<Step> steps = inTransaction(() -> newDeltas(vm(vmId), vm -> vm.getDisks().stream()
                    .map(d -> vm.folder().resolve(d.fileName())).toList()));
            String stateFolder = request.withMemory() ? STATE_FOLDER_PREFIX + UUID.randomUUID() : null;
            Runnable record = () -> {
                Vm vm = vm(vmId);
                Map<Integer, String> frozen = new HashMap<>();
                vm.getDisks().forEach(d -> frozen.put(d.getPosition(), d.fileName()));
                Snapshot parent = vm.getCurrentSnapshotId() == null ? null
                        : snapshots.findById(vm.getCurrentSnapshotId()).orElse(null);
                Snapshot taken = snapshots.saveAndFlush(new Snapshot(vm, parent, request.name(),
                        request.description(), actor, clock.instant(), frozen, stateFolder));
                pointAt(vm, steps);
                vm.pointCurrentSnapshotAt(taken.getId());
                changes.rewriteConfig(vm);
            };
            if (stateFolder != null) {
                memory.take(vmId, inTransaction(() -> vm(vmId).folder().resolve(stateFolder)), steps, record, progress);
                return null;
            }
            replaceTops(steps, step -> {
                HostDriver.DiskAction overlay = () -> disks.createOverlay(step.from(), step.newTop());
                if (running) {
                    host.reopenDisk(vmId, step.position(), step.newTop(), overlay);
                } else {
                    overlay.run();
                }
            }, !running, progress, record);
            return null;
        });
    }

    /**
     * Drops the current state and starts afresh from {@code snapshotId}: a new delta over its frozen files. The
     * VM must be off (the request powered it off if asked to). A snapshot with memory then runs the VM again from
     * the state saved with it, at that instant.
     */
    void revert(Long vmId, Long snapshotId, TaskProgress progress) throws IOException {
        locks.exclusively(vmId, "#" + vmId, () -> {
            requireOff(vmId);
            List<Path> oldTops = new ArrayList<>();
            List<Step> steps = inTransaction(() -> {
                Vm vm = vm(vmId);
                Snapshot target = snapshot(vm, snapshotId);
                vm.getDisks().forEach(d -> oldTops.add(vm.folder().resolve(d.fileName())));
                return newDeltas(vm, v -> v.getDisks().stream()
                        .map(d -> v.folder().resolve(target.file(d.getPosition()))).toList());
            });
            oldTops.forEach(guards::requireNoDependants);
            Optional<Path> memoryFolder = inTransaction(() -> {
                Vm vm = vm(vmId);
                return snapshot(vm, snapshotId).stateFolder().map(vm.folder()::resolve);
            });
            replaceTops(steps, step -> disks.createOverlay(step.from(), step.newTop()), true, progress, () -> {
                Vm vm = vm(vmId);
                pointAt(vm, steps);
                vm.pointCurrentSnapshotAt(snapshotId);
                changes.rewriteConfig(vm);
            });
            deleteAll(oldTops);
            if (memoryFolder.isPresent()) {
                memory.resume(vmId, memoryFolder.get());
            }
            return null;
        });
    }

    /**
     * Takes one snapshot out of the tree: every file standing on its frozen file (its children's and the current
     * top, if it stands there) is rebased onto what that file stood on, copying what differs, so everything else
     * reads as before; then its files go.
     */
    void delete(Long vmId, Long snapshotId, TaskProgress progress) throws IOException {
        locks.exclusively(vmId, "#" + vmId, () -> {
            boolean running = host.state(vmId) != RuntimeState.OFF;
            Removal removal = inTransaction(() -> removal(vm(vmId), snapshotId));
            removal.frozen().forEach(guards::requireNoDependants);
            int done = 0;
            for (DiskRemoval disk : removal.disks()) {
                Optional<Path> below = disks.backing(disk.frozen());
                HostDriver.DiskAction rebase = () -> {
                    for (Path child : disk.children()) {
                        disks.rebase(child, below);
                    }
                };
                if (running && removal.inCurrentChain()) {
                    host.reopenDisk(vmId, disk.position(), disk.top(), rebase);
                } else {
                    rebase.run();
                }
                progress.report(10 + 80 * ++done / removal.disks().size());
            }
            inTransaction(() -> {
                Vm vm = vm(vmId);
                Snapshot gone = snapshot(vm, snapshotId);
                snapshots.findByParentId(snapshotId).forEach(gone::adoptChildrenInto);
                if (snapshotId.equals(vm.getCurrentSnapshotId())) {
                    vm.pointCurrentSnapshotAt(gone.parentId());
                }
                snapshots.flush();
                snapshots.delete(gone);
                snapshots.flush();
                changes.rewriteConfig(vm);
                return null;
            });
            deleteAll(removal.frozen());
            removal.stateFolder().ifPresent(VmSavedState::deleteTree);
            return null;
        });
    }

    /** Flattens each disk's chain into one new file and deletes every snapshot with its files. */
    void consolidate(Long vmId, TaskProgress progress) throws IOException {
        locks.exclusively(vmId, "#" + vmId, () -> {
            requireOff(vmId);
            Set<Path> old = new LinkedHashSet<>();
            List<Path> stateFolders = new ArrayList<>();
            List<Step> steps = inTransaction(() -> {
                Vm vm = vm(vmId);
                snapshots.findByVmIdOrderById(vmId).forEach(s -> {
                    s.getFiles().values().forEach(f -> old.add(vm.folder().resolve(f)));
                    s.stateFolder().ifPresent(f -> stateFolders.add(vm.folder().resolve(f)));
                });
                return newDeltas(vm, v -> v.getDisks().stream().map(d -> v.folder().resolve(d.fileName())).toList());
            });
            old.forEach(guards::requireNoDependants);
            for (Step step : steps) {
                disks.chain(step.from()).stream().map(DiskImages.ChainFile::file)
                        .filter(f -> f.getParent().equals(step.from().getParent())).forEach(old::add);
            }
            replaceTops(steps, step -> disks.flatten(step.from(), step.newTop()), true, progress, () -> {
                Vm vm = vm(vmId);
                vm.pointCurrentSnapshotAt(null);
                List<Snapshot> all = snapshots.findByVmIdOrderById(vmId);
                all.forEach(Snapshot::detachFromParent);
                snapshots.flush();
                snapshots.deleteAll(all);
                snapshots.flush();
                pointAt(vm, steps);
                changes.rewriteConfig(vm);
            });
            deleteAll(old);
            stateFolders.forEach(VmSavedState::deleteTree);
            return null;
        });
    }

    /**
     * Writes each disk's new top, then records the change in one transaction. When something fails on the way,
     * what was written is deleted if {@code cleanUp} (not when a running VM already uses it).
     */
    private void replaceTops(List<Step> steps, StepWrite write, boolean cleanUp, TaskProgress progress,
            Runnable record) throws IOException {
        List<Path> created = new ArrayList<>();
        try {
            for (Step step : steps) {
                write.run(step);
                created.add(step.newTop());
                progress.report(10 + 80 * created.size() / steps.size());
            }
            inTransaction(() -> {
                record.run();
                return null;
            });
        } catch (IOException | RuntimeException e) {
            if (cleanUp) {
                deleteAll(created);
            }
            throw e;
        }
    }

    private Removal removal(Vm vm, Long snapshotId) {
        Snapshot gone = snapshot(vm, snapshotId);
        List<Snapshot> children = snapshots.findByParentId(snapshotId);
        boolean currentOnIt = snapshotId.equals(vm.getCurrentSnapshotId());
        List<DiskRemoval> removals = new ArrayList<>();
        for (VmDisk disk : vm.getDisks()) {
            Path folder = vm.folder();
            List<Path> standing = new ArrayList<>(children.stream()
                    .map(c -> folder.resolve(c.file(disk.getPosition()))).toList());
            if (currentOnIt) {
                standing.add(folder.resolve(disk.fileName()));
            }
            removals.add(new DiskRemoval(disk.getPosition(), folder.resolve(gone.file(disk.getPosition())),
                    folder.resolve(disk.fileName()), standing));
        }
        return new Removal(removals, isAncestorOfCurrent(vm, gone), gone.stateFolder().map(vm.folder()::resolve));
    }

    /** Whether a running VM reads through the snapshot's files: they are open in the engine then. */
    private boolean isAncestorOfCurrent(Vm vm, Snapshot snapshot) {
        Long at = vm.getCurrentSnapshotId();
        while (at != null) {
            if (at.equals(snapshot.getId())) {
                return true;
            }
            at = snapshots.findById(at).map(Snapshot::parentId).orElse(null);
        }
        return false;
    }

    /** A new delta name for each disk (the counter is saved at once), over the files {@code bases} gives. */
    private static List<Step> newDeltas(Vm vm, Function<Vm, List<Path>> bases) {
        List<Path> from = bases.apply(vm);
        List<Step> steps = new ArrayList<>();
        for (VmDisk disk : vm.getDisks()) {
            String name = vm.newDeltaFile(disk.getPosition());
            steps.add(new Step(disk.getPosition(), from.get(disk.getPosition()), vm.folder().resolve(name)));
        }
        return steps;
    }

    private void pointAt(Vm vm, List<Step> steps) {
        for (Step step : steps) {
            vm.pointDiskAt(step.position(), step.newTop().getFileName().toString(), clock.instant());
        }
    }

    /**
     * A VM the request powered off takes a moment to be let go of by the host, and its record follows the host's
     * event a moment later: the work waits for both, so its own change to the record does not race that one.
     */
    private void requireOff(Long vmId) {
        Instant deadline = clock.instant().plus(STOP_WAIT);
        while (host.state(vmId) != RuntimeState.OFF || inTransaction(() -> vm(vmId).getPowerState().isActive())) {
            if (clock.instant().isAfter(deadline)) {
                throw new ConflictException("VM is running", "The VM is powered on; stop it first");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConflictException("Interrupted", "Stopped waiting for the VM to power off");
            }
        }
    }

    private Vm vm(Long vmId) {
        return vms.find(vmId).orElseThrow(() -> new ConflictException("VM gone", "The VM was deleted meanwhile"));
    }

    private Snapshot snapshot(Vm vm, Long snapshotId) {
        return guards.own(vm, snapshotId);
    }

    private <T> T inTransaction(Supplier<T> call) {
        return transactions.execute(status -> call.get());
    }

    private static void deleteAll(Iterable<Path> files) throws IOException {
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }

    @FunctionalInterface
    private interface StepWrite {
        void run(Step step) throws IOException;
    }

    /** One disk's part of a job: a new top over {@code from} (or flattened from it). */
    record Step(int position, Path from, Path newTop) {
    }

    private record DiskRemoval(int position, Path frozen, Path top, List<Path> children) {
    }

    private record Removal(List<DiskRemoval> disks, boolean inCurrentChain, Optional<Path> stateFolder) {
        List<Path> frozen() {
            return disks.stream().map(DiskRemoval::frozen).toList();
        }
    }
}
