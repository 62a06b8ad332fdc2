package io.vireo.console.vm;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.hosts.Inventory;
import io.vireo.console.vm.internal.VmRepository;

/** Tells the hosts what they need of the inventory (see {@link Inventory}). */
@Component
class VmInventory implements Inventory {

    private final VmRepository vms;

    VmInventory(VmRepository vms) {
        this.vms = vms;
    }

    @Override
    public long vmCount() {
        return vms.count();
    }

    @Override
    @Transactional(readOnly = true)
    public Set<Long> vmsRecordedOn() {
        return vms.findByPowerStateIn(EnumSet.of(PowerState.RUNNING, PowerState.PAUSED, PowerState.UNKNOWN)).stream().map(Vm::getId)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Path> folderOf(Long vmId) {
        return vms.findById(vmId).map(Vm::folder);
    }
}
