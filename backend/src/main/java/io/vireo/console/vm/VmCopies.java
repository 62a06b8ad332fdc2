package io.vireo.console.vm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.task.Task;
import io.vireo.console.vm.internal.VmRepository;

/**
 * Records a new VM and queues the task that makes its files, its first disks made from seeds (copies of, or deltas
 * over, frozen files). What it may take is checked first, before anything is written: the team's quota (a linked
 * disk counts only its delta) and the datastore's free space (a full copy needs its source chain's bytes).
 */
@Component
class VmCopies {
    /** What a new qcow2 file takes before anything is written to it: its header and first tables. */
    private static final long NEW_FILE_BYTES = 1 << 20;

    private final VmRepository vms;
    private final QuotaService quotas;
    private final DatastoreService datastores;
    private final DiskImages files;
    private final VmProvisioner provisioner;

    VmCopies(VmRepository vms, QuotaService quotas, DatastoreService datastores, DiskImages files,
            VmProvisioner provisioner) {
        this.vms = vms;
        this.quotas = quotas;
        this.datastores = datastores;
        this.files = files;
        this.provisioner = provisioner;
    }

    /** The VM's first disks are made from {@code seeds}, in order; any others are blank. */
    @Transactional(propagation = Propagation.MANDATORY)
    Recorded record(Vm vm, List<DiskSeed> seeds, String kind, String description) {
        return record(vm, Optional.empty(), seeds, VmProvisioner.Prelude.NONE, kind, description);
    }

    /**
     * As {@link #record(Vm, List, String, String)}, copying from {@code source}'s files (held by the task, see
     * {@link VmProvisioner#start}) and running {@code prelude} first.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Recorded record(Vm vm, Vm source, List<DiskSeed> seeds, VmProvisioner.Prelude prelude, String kind,
            String description) {
        return record(vm, Optional.of(source), seeds, prelude, kind, description);
    }

    /** As {@link #record(Vm, List, String, String)}, with {@code aftermath} run when the task ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    Recorded record(Vm vm, List<DiskSeed> seeds, String kind, String description,
            VmProvisioner.Aftermath aftermath) {
        return record(vm, Optional.empty(), seeds, VmProvisioner.Prelude.NONE, kind, description, aftermath);
    }

    private Recorded record(Vm vm, Optional<Vm> source, List<DiskSeed> seeds, VmProvisioner.Prelude prelude,
            String kind, String description) {
        return record(vm, source, seeds, prelude, kind, description, VmProvisioner.Aftermath.NONE);
    }

    private Recorded record(Vm vm, Optional<Vm> source, List<DiskSeed> seeds, VmProvisioner.Prelude prelude,
            String kind, String description, VmProvisioner.Aftermath aftermath) {
        return record(List.of(vm), List.of(seeds), source, prelude, kind, description, aftermath);
    }

    /**
     * Several new VMs (a package's collection) made by one task, each with its seeds; the room they take together
     * is checked before any is recorded.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Recorded recordAll(List<Vm> made, List<List<DiskSeed>> seeds, String kind, String description,
            VmProvisioner.Aftermath aftermath) {
        return record(made, seeds, Optional.empty(), VmProvisioner.Prelude.NONE, kind, description, aftermath);
    }

    private Recorded record(List<Vm> made, List<List<DiskSeed>> seeds, Optional<Vm> source,
            VmProvisioner.Prelude prelude, String kind, String description, VmProvisioner.Aftermath aftermath) {
        long bytes = 0;
        for (int v = 0; v < made.size(); v++) {
            bytes += NEW_FILE_BYTES * made.get(v).getDisks().size();
            for (DiskSeed seed : seeds.get(v)) {
                bytes += seed.linked() ? 0 : chainBytes(seed);
            }
        }
        datastores.ensureRoom(made.getFirst().getDatastore(), bytes, made.size() == 1
                ? "VM " + made.getFirst().getName() : made.size() + " VMs");
        List<Vm> saved = new ArrayList<>();
        List<Map<Integer, DiskSeed>> byPosition = new ArrayList<>();
        for (int v = 0; v < made.size(); v++) {
            // Each VM is checked against the quota with the ones before it already recorded.
            quotas.ensureRoom(made.get(v).teamId(), made.get(v).resources());
            saved.add(vms.save(made.get(v)));
            Map<Integer, DiskSeed> positions = new HashMap<>();
            for (int i = 0; i < seeds.get(v).size(); i++) {
                positions.put(i, seeds.get(v).get(i));
            }
            byPosition.add(positions);
        }
        return new Recorded(saved, provisioner.start(saved, byPosition, prelude, source, kind, description,
                aftermath));
    }

    /** Adds the seeds' disks to a VM being made, in order, before any blank ones. */
    static void addSeeded(Vm vm, List<DiskSeed> seeds) {
        for (DiskSeed seed : seeds) {
            vm.addDisk(seed.sizeGib(), DiskBus.VIRTIO, DiskFormat.QCOW2, vm.getDatastore());
            if (seed.linked()) {
                vm.getDisks().getLast().standOn(seed.basePath());
            }
        }
    }

    private long chainBytes(DiskSeed seed) {
        try {
            if (seed.packaged()) {
                return files.inspectPackaged(seed.source(), seed.root()).fileSize();
            }
            return files.chainBytes(seed.source(), seed.root());
        } catch (IOException e) {
            throw new ConflictException("Disk unreadable", "Cannot read " + seed.basePath() + " to copy it: "
                    + e.getMessage());
        }
    }

    /** The VMs as saved, and the task making their files. */
    record Recorded(List<Vm> all, Task task) {
        Vm vm() {
            return all.getFirst();
        }
    }
}
