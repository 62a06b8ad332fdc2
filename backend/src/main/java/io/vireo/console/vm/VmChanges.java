package io.vireo.console.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.FrozenFiles;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.quota.Resources;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.internal.VmRepository;

/** Changes to a VM in the inventory: its name and size, and its removal; each rewrites its folder to match. */
@Service
public class VmChanges {

    private final VmRepository vms;
    private final VmQueries queries;
    private final QuotaService quotas;
    private final VmConfigFile files;
    private final VmDiskLocks diskLocks;
    private final FrozenFiles frozen;
    private final VmSavedState savedState;
    private final Clock clock;

    VmChanges(VmRepository vms, VmQueries queries, QuotaService quotas, VmConfigFile files, VmDiskLocks diskLocks,
            FrozenFiles frozen, VmSavedState savedState, Clock clock) {
        this.savedState = savedState;
        this.vms = vms;
        this.queries = queries;
        this.quotas = quotas;
        this.files = files;
        this.diskLocks = diskLocks;
        this.frozen = frozen;
        this.clock = clock;
    }

    @Audited(action = "vm.update", target = "VM")
    @Transactional
    public VmView update(Long id, VmUpdate update) {
        Vm vm = queries.authorized(id, Permission.CONFIGURE);
        if (!vm.getName().equals(update.name()) && vms.existsByTeamIdAndName(vm.teamId(), update.name())) {
            throw new InvalidFieldException("name", "The team already has a VM named " + update.name());
        }
        VmTopology cpus = VmTopology.of(update.vcpus(), update.coresPerSocket(), update.threadsPerCore());
        VmMemory memory = VmMemory.of(update.memoryMib(), update.memoryMinMib());
        Resources extra = new Resources(update.vcpus() - vm.getVcpus(), update.memoryMib() - vm.getMemoryMib(), 0, 0);
        if (extra.vcpus() > 0 || extra.memoryMib() > 0) {
            quotas.ensureRoom(vm.teamId(), new Resources(Math.max(0, extra.vcpus()), Math.max(0, extra.memoryMib()),
                    0, 0));
        }
        vm.reconfigure(update.name(), update.description(), cpus, memory, clock.instant());
        rewriteConfig(vm);
        return VmView.of(vm);
    }

    /**
     * Removes the VM from the inventory, then its directory once the removal committed; refused while linked
     * clones stand on its files. A suspended VM's saved state goes with its folder only when {@code discardSavedState}.
     */
    @Audited(action = "vm.delete", target = "VM")
    @Transactional
    public void delete(Long id, boolean discardSavedState) {
        Vm vm = queries.authorized(id, Permission.CONFIGURE);
        vm.ensureRemovable();
        savedState.ensureDiscardable(vm, discardSavedState, "deleting it");
        diskLocks.ensureIdle(id, vm.getName());
        frozen.ensureNoDependants(vm.getDatastore(), vm.directoryName(), "VM " + vm.getName());
        Path directory = files.directory(vm);
        vm.pointCurrentSnapshotAt(null);
        vms.saveAndFlush(vm);
        vms.delete(vm);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    files.removeDirectory(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException("VM removed, but its directory " + directory + " was not", e);
                }
            }
        });
    }

    /** Rewrites the VM's {@code vm.conf} after another module changed what it records (disk chains, snapshots). */
    public void rewriteConfig(Vm vm) {
        if (vm.getPowerState() == PowerState.ERROR) {
            return;
        }
        try {
            files.write(files.directory(vm), files.render(vm));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the configuration of VM " + vm.getName(), e);
        }
    }
}
