package io.vireo.console.vm;

import org.springframework.stereotype.Component;

import io.vireo.console.hosts.InventorySize;
import io.vireo.console.vm.internal.VmRepository;

/** Tells the hosts inventory how many VMs there are, so it can count the embedded engine's. */
@Component
class VmInventorySize implements InventorySize {

    private final VmRepository vms;

    VmInventorySize(VmRepository vms) {
        this.vms = vms;
    }

    @Override
    public long vmCount() {
        return vms.count();
    }
}
