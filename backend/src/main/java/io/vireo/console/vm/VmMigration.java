package io.vireo.console.vm;

import java.time.Clock;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.host.LocalHost;
import io.vireo.console.hosts.HostService;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.internal.VmEvent;
import io.vireo.console.vm.internal.VmEventRepository;

/**
 * Cold migration: a stopped VM moves to another host (a libvirt host, or the embedded engine), which boots it at its
 * next power on. The hosts feature checks the target takes it; the VM's page and JSON name its new host.
 */
@Service
public class VmMigration {

    private final VmQueries vms;
    private final HostService hosts;
    private final LocalHost local;
    private final VmEventRepository events;
    private final Clock clock;

    VmMigration(VmQueries vms, HostService hosts, LocalHost local, VmEventRepository events, Clock clock) {
        this.vms = vms;
        this.hosts = hosts;
        this.local = local;
        this.events = events;
        this.clock = clock;
    }

    /** Moves the stopped VM to the libvirt host {@code hostId}, or to the embedded engine when it is null. */
    @Audited(action = "vm.migrate", target = "VM")
    @Transactional
    public VmView migrate(Long id, Long hostId) {
        Vm vm = vms.authorized(id, Permission.CONFIGURE);
        if (vm.getPowerState() != PowerState.STOPPED) {
            throw new ConflictException("VM not stopped", "VM " + vm.getName() + " is " + vm.getPowerState()
                    + ": power it off before moving it to another host");
        }
        String from = hosts.libvirtHostOf(id).orElse(HostService.LOCAL);
        String to = hosts.migrate(id, hostId, vm.getArchitecture().label());
        vm.movedTo(hostId == null ? local.name() : to, clock.instant());
        events.save(new VmEvent(vm, clock.instant(), "migrate", "moved from host " + from + " to host " + to));
        return VmView.of(vm);
    }
}
