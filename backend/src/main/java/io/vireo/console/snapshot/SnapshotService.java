package io.vireo.console.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.security.Permission;
import io.vireo.console.snapshot.internal.SnapshotRepository;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;
import io.vireo.console.task.TaskView;
import io.vireo.console.task.TaskWork;
import io.vireo.console.vm.PowerAction;
import io.vireo.console.vm.PowerState;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmDisk;
import io.vireo.console.vm.VmPowerService;
import io.vireo.console.vm.VmQueries;

/**
 * A VM's snapshots: the tree, and taking, reverting to, deleting and consolidating them. Each change is checked
 * here, in the caller's request (right, state, room in the datastore), then done by a task ({@link SnapshotWork}).
 */
@Service
public class SnapshotService {
    /** What a new qcow2 delta takes before anything is written to it: its header and first tables. */
    static final long DELTA_BYTES = 1 << 20;

    private final SnapshotRepository snapshots;
    private final SnapshotGuards guards;
    private final SnapshotWork work;
    private final VmQueries vms;
    private final VmPowerService power;
    private final HostDriver host;
    private final DatastoreService datastores;
    private final DiskImages disks;
    private final TaskService tasks;

    SnapshotService(SnapshotRepository snapshots, SnapshotGuards guards, SnapshotWork work, VmQueries vms,
            VmPowerService power, HostDriver host, DatastoreService datastores, DiskImages disks, TaskService tasks) {
        this.snapshots = snapshots;
        this.guards = guards;
        this.work = work;
        this.vms = vms;
        this.power = power;
        this.host = host;
        this.datastores = datastores;
        this.disks = disks;
        this.tasks = tasks;
    }

    @Transactional(readOnly = true)
    public List<SnapshotView> tree(Long vmId) {
        Vm vm = vms.authorized(vmId, Permission.VIEW);
        return SnapshotView.tree(snapshots.findByVmIdOrderByCreatedAt(vmId), vm.getCurrentSnapshotId(), vm.folder());
    }

    @Transactional(readOnly = true)
    public SnapshotView get(Long vmId, Long snapshotId) {
        Vm vm = vms.authorized(vmId, Permission.VIEW);
        return SnapshotView.flat(guards.own(vm, snapshotId), vm.getCurrentSnapshotId(), vm.folder());
    }

    /** The file each disk writes now, by disk position. */
    @Transactional(readOnly = true)
    public Map<Integer, Path> tops(Long vmId) {
        Vm vm = vms.authorized(vmId, Permission.VIEW);
        Map<Integer, Path> tops = new TreeMap<>();
        vm.getDisks().forEach(d -> tops.put(d.getPosition(), vm.folder().resolve(d.fileName())));
        return tops;
    }

    /**
     * A running VM keeps running: the engine moves each disk onto its new delta. With memory, the VM must be running;
     * its state and memory are saved too (it stands still meanwhile).
     */
    @Audited(action = "snapshot.take", target = "VM")
    @Transactional
    public TaskView take(Long vmId, SnapshotRequest request) {
        Vm vm = changeable(vmId);
        vm.ensureVirtioDisksOnly("a snapshot");
        long memoryBytes = 0;
        if (request.withMemory()) {
            if (host.state(vmId) != RuntimeState.RUNNING) {
                throw new ConflictException("VM is not running", "Only a running VM's memory can be saved with a"
                        + " snapshot; VM " + vm.getName() + " is " + vm.getPowerState().name().toLowerCase());
            }
            memoryBytes = vm.getMemoryMib() << 20;
        }
        datastores.ensureRoom(vm.getDatastore(), DELTA_BYTES * vm.getDisks().size() + memoryBytes,
                "A snapshot of VM " + vm.getName());
        String actor = AuditLog.currentActor();
        return submit(vm, "snapshot.take", "Take snapshot " + request.name() + " of VM " + vm.getName(),
                progress -> work.take(vmId, request, actor, progress));
    }

    /**
     * The VM's current state is dropped, so it must be off: {@code stop} powers a running VM off first, and
     * {@code discardSavedState} drops a suspended VM's saved state (the page asks the user to confirm both).
     */
    @Audited(action = "snapshot.revert", target = "Snapshot", idArgument = 1)
    @Transactional
    public TaskView revert(Long vmId, Long snapshotId, boolean stop, boolean discardSavedState) {
        Vm vm = changeable(vmId);
        Snapshot target = guards.own(vm, snapshotId);
        target.stateFolder().map(vm.folder()::resolve).filter(dir -> !host.holdsSavedState(dir)).ifPresent(dir -> {
            throw new ConflictException("Snapshot memory gone", "The memory saved with snapshot " + target.getName()
                    + " is missing or damaged in " + dir + ", so the VM cannot go back to that instant");
        });
        if (vm.getPowerState() == PowerState.SUSPENDED) {
            power.changePower(vmId, PowerAction.STOP, null, discardSavedState);
        }
        if (host.state(vmId) != RuntimeState.OFF) {
            if (!stop) {
                throw new ConflictException("VM is running", "Reverting drops the current state of VM " + vm.getName()
                        + ": stop it first, or ask to power it off (stop=true)");
            }
            power.changePower(vmId, PowerAction.STOP, null);
        }
        datastores.ensureRoom(vm.getDatastore(), DELTA_BYTES * vm.getDisks().size(), "Reverting VM " + vm.getName());
        return submit(vm, "snapshot.revert", "Revert VM " + vm.getName() + " to snapshot " + target.getName(),
                progress -> work.revert(vmId, snapshotId, progress));
    }

    /** What every other snapshot and the current state read stays as it was. */
    @Audited(action = "snapshot.delete", target = "Snapshot", idArgument = 1)
    @Transactional
    public TaskView delete(Long vmId, Long snapshotId) {
        Vm vm = changeable(vmId);
        Snapshot gone = guards.own(vm, snapshotId);
        gone.getFiles().values().forEach(file -> guards.requireNoDependants(vm.folder().resolve(file)));
        long standing = snapshots.findByParentId(snapshotId).size()
                + (snapshotId.equals(vm.getCurrentSnapshotId()) ? 1 : 0);
        datastores.ensureRoom(vm.getDatastore(), DELTA_BYTES + standing * sizeOf(vm, gone.getFiles().values()),
                "Deleting snapshot " + gone.getName());
        return submit(vm, "snapshot.delete", "Delete snapshot " + gone.getName() + " of VM " + vm.getName(),
                progress -> work.delete(vmId, snapshotId, progress));
    }

    /** The VM must be off; every snapshot goes, and each disk becomes one file holding what it reads now. */
    @Audited(action = "snapshot.consolidate", target = "VM")
    @Transactional
    public TaskView consolidate(Long vmId) {
        Vm vm = changeable(vmId);
        if (host.state(vmId) != RuntimeState.OFF) {
            throw new ConflictException("VM is running", "Stop VM " + vm.getName() + " before consolidating its disks");
        }
        snapshots.findByVmIdOrderById(vmId).forEach(s -> s.getFiles().values()
                .forEach(file -> guards.requireNoDependants(vm.folder().resolve(file))));
        long chains = 0;
        for (VmDisk disk : vm.getDisks()) {
            chains += chainBytes(vm.folder().resolve(disk.fileName()));
        }
        datastores.ensureRoom(vm.getDatastore(), chains, "Consolidating VM " + vm.getName());
        return submit(vm, "snapshot.consolidate", "Consolidate the disks of VM " + vm.getName(),
                progress -> work.consolidate(vmId, progress));
    }

    /** Disks being made or that failed to be made have no chain to work on. */
    private Vm changeable(Long vmId) {
        Vm vm = vms.authorized(vmId, Permission.OPERATE);
        if (vm.getPowerState() == PowerState.PROVISIONING || vm.getPowerState() == PowerState.ERROR) {
            throw new ConflictException("VM not ready", "VM " + vm.getName() + " is "
                    + vm.getPowerState().name().toLowerCase() + ": its disks are not there to snapshot");
        }
        return vm;
    }

    private TaskView submit(Vm vm, String kind, String description, TaskWork taskWork) {
        return TaskView.of(tasks.submit(new TaskSpec(kind, description, vm.teamId(), "VM", vm.getId()), taskWork));
    }

    private long chainBytes(Path top) {
        try {
            return disks.chain(top).stream().mapToLong(DiskImages.ChainFile::sizeBytes).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the disk chain of " + top.getFileName(), e);
        }
    }

    private static long sizeOf(Vm vm, Iterable<String> files) {
        long bytes = 0;
        for (String file : files) {
            try {
                bytes += Files.size(vm.folder().resolve(file));
            } catch (IOException gone) {
                // a missing file takes no room; the task reports it
            }
        }
        return bytes;
    }
}
