package io.vireo.console.vm;

import java.time.Clock;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.security.Permission;
import io.vireo.console.vm.internal.VmRepository;

/**
 * Keeps a stopped VM {@code BUSY} while its files are read out (a backup, an export), so it neither powers on nor
 * changes its disks meanwhile; the caller must be allowed to configure it.
 */
@Component
class VmFileHold {

    private final VmQueries queries;
    private final VmRepository vms;
    private final VmDiskLocks diskLocks;
    private final Clock clock;

    VmFileHold(VmQueries queries, VmRepository vms, VmDiskLocks diskLocks, Clock clock) {
        this.queries = queries;
        this.vms = vms;
        this.diskLocks = diskLocks;
        this.clock = clock;
    }

    /** The VM, now {@code BUSY}; {@code doing} ("backing up") names, with the VM, what a refusal did not start. */
    @Transactional(propagation = Propagation.MANDATORY)
    Vm take(Long vmId, String doing) {
        Vm vm = queries.authorized(vmId, Permission.CONFIGURE);
        diskLocks.ensureIdle(vmId, vm.getName());
        vm.busy(doing + " VM " + vm.getName(), clock.instant());
        return vm;
    }

    @Transactional
    void release(Long vmId) {
        vms.findById(vmId).ifPresent(vm -> vm.idle(clock.instant()));
    }
}
