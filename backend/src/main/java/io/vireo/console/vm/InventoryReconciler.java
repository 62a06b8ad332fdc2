package io.vireo.console.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.hosts.HostService;
import io.vireo.console.vm.internal.VmEvent;
import io.vireo.console.vm.internal.VmEventRepository;
import io.vireo.console.vm.internal.VmRepository;

/**
 * At start-up, compares the inventory with the engine and the VM folders and reports what differs instead
 * of hiding it: a VM recorded as running is not running any more (the engine starts empty with the
 * console; a VM on a libvirt host is left to that host's reconciliation, as its domain outlives the console), and a
 * VM whose folder or configuration file is gone cannot be powered on. A VM's saved state is the
 * truth about it: a VM whose folder holds a whole one is suspended, whatever was recorded.
 */
@Component
@Order(100)
class InventoryReconciler implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(InventoryReconciler.class);

    private final VmRepository vms;
    private final VmEventRepository events;
    private final VmConfigFile files;
    private final VmSavedState savedState;
    private final HostService hosts;
    private final Clock clock;

    InventoryReconciler(VmRepository vms, VmEventRepository events, VmConfigFile files, VmSavedState savedState,
            HostService hosts, Clock clock) {
        this.hosts = hosts;
        this.savedState = savedState;
        this.vms = vms;
        this.events = events;
        this.files = files;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        for (Vm vm : vms.findByPowerStateIn(EnumSet.of(PowerState.RUNNING, PowerState.PAUSED))) {
            if (hosts.libvirtHostOf(vm.getId()).isPresent()) {
                continue; // its domain outlives the console: the host's reconciliation says whether it still runs
            }
            String was = vm.getPowerState().name();
            vm.powerChanged(PowerState.STOPPED, clock.instant());
            drift(vm, "Recorded as " + was + ", but the engine does not hold it: the console stopped or crashed"
                    + " while the VM ran. It is shown stopped; power it on again.");
        }
        for (Vm vm : vms.findByPowerStateIn(EnumSet.of(PowerState.BUSY))) {
            vm.powerChanged(PowerState.STOPPED, clock.instant());
            drift(vm, "Recorded as busy, but the console stopped while a task worked on its files. The task"
                    + " leaves its files where they were until it is done, so they are whole; it is shown stopped.");
        }
        for (Vm vm : vms.findAll()) {
            if (vm.getPowerState() == PowerState.PROVISIONING || vm.getPowerState() == PowerState.ERROR) {
                continue;
            }
            Path folder = files.directory(vm);
            if (!Files.isRegularFile(folder.resolve(VmConfigFile.FILE_NAME))) {
                drift(vm, "Its folder " + folder + " has no " + VmConfigFile.FILE_NAME
                        + ": the VM's files were moved or removed outside the console.");
            }
            followSavedState(vm);
        }
    }

    /**
     * A damaged state keeps a suspended VM suspended (resuming it then says what is wrong, and powering it off
     * discards it); a state that is gone leaves nothing to resume.
     */
    private void followSavedState(Vm vm) {
        boolean suspended = vm.getPowerState() == PowerState.SUSPENDED;
        if (savedState.holds(vm)) {
            if (!suspended) {
                String was = vm.getPowerState().name();
                vm.powerChanged(PowerState.SUSPENDED, clock.instant());
                drift(vm, "Recorded as " + was + ", but its folder holds a saved state: it is suspended and"
                        + " resumes from there.");
            }
        } else if (savedState.present(vm)) {
            drift(vm, "Its saved state in " + savedState.folder(vm) + " is incomplete or damaged, so it cannot be"
                    + " resumed; powering the VM off (when suspended) or on afresh discards it.");
        } else if (suspended) {
            vm.powerChanged(PowerState.STOPPED, clock.instant());
            drift(vm, "Recorded as SUSPENDED, but its saved state is gone from " + savedState.folder(vm)
                    + ": it is shown stopped; power it on afresh.");
        }
    }

    private void drift(Vm vm, String message) {
        log.warn("Drift in VM {} ({}): {}", vm.getName(), vm.getId(), message);
        events.save(new VmEvent(vm, clock.instant(), "drift", message));
    }
}
