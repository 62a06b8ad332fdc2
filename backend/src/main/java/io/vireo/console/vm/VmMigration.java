package io.vireo.console.vm;

import java.time.Clock;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.host.LocalHost;
import io.vireo.console.hosts.HostService;
import io.vireo.console.security.Permission;
import io.vireo.console.task.TaskView;
import io.vireo.console.vm.internal.VmEvent;
import io.vireo.console.vm.internal.VmEventRepository;

/**
 * Cold migration: a stopped VM moves to another host (a libvirt host, or the embedded engine), which boots it at its
 * next power on. The hosts feature checks the target takes it; the VM's page and JSON name its new host. Its files
 * stay where they are, or are copied into another datastore first ({@link VmRelocation}): then the VM is busy while
 * a task copies them, changes host and datastore in one step once the copy is whole, and removes the old folder.
 */
@Service
public class VmMigration {

    private final VmQueries vms;
    private final HostService hosts;
    private final LocalHost local;
    private final VmRelocation relocation;
    private final VmEventRepository events;
    private final Clock clock;

    VmMigration(VmQueries vms, HostService hosts, LocalHost local, VmRelocation relocation, VmEventRepository events,
            Clock clock) {
        this.vms = vms;
        this.hosts = hosts;
        this.local = local;
        this.relocation = relocation;
        this.events = events;
        this.clock = clock;
    }

    /** Moves the stopped VM to the libvirt host {@code hostId}, or to the embedded engine when it is null. */
    @Audited(action = "vm.migrate", target = "VM")
    @Transactional
    public VmView migrate(Long id, Long hostId) {
        Vm vm = stopped(id);
        String from = hosts.libvirtHostOf(id).orElse(HostService.LOCAL);
        switchHost(vm, hostId, from, "");
        return VmView.of(vm);
    }

    /**
     * Moves the stopped VM to host {@code hostId} (null: the embedded engine) with its folder copied into datastore
     * {@code datastoreId}, as a task: the target host is checked now and again when the copy is whole, and a failure
     * at any step leaves the VM whole on its old host and datastore.
     */
    @Audited(action = "vm.migrate", target = "VM")
    @Transactional
    public TaskView migrate(Long id, Long hostId, Long datastoreId) {
        Vm vm = stopped(id);
        String from = hosts.libvirtHostOf(id).orElse(HostService.LOCAL);
        String to = hosts.migrationTarget(id, hostId, vm.getArchitecture().label());
        String fromStore = vm.getDatastore().getName();
        return relocation.relocate(vm, datastoreId, "vm.migrate",
                store -> "Migrate VM " + vm.getName() + " to host " + to + " and datastore " + store,
                moved -> switchHost(moved, hostId, from, " (its files copied from datastore " + fromStore + " to "
                        + moved.getDatastore().getName() + ")"));
    }

    private Vm stopped(Long id) {
        Vm vm = vms.authorized(id, Permission.CONFIGURE);
        if (vm.getPowerState() != PowerState.STOPPED) {
            throw new ConflictException("VM not stopped", "VM " + vm.getName() + " is " + vm.getPowerState()
                    + ": power it off before moving it to another host");
        }
        return vm;
    }

    private void switchHost(Vm vm, Long hostId, String from, String how) {
        String to = hosts.migrate(vm.getId(), hostId, vm.getArchitecture().label());
        vm.movedTo(hostId == null ? local.name() : to, clock.instant());
        events.save(new VmEvent(vm, clock.instant(), "migrate", "moved from host " + from + " to host " + to + how));
    }
}
