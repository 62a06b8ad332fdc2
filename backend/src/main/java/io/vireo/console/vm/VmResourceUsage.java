package io.vireo.console.vm;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.quota.ResourceUsage;
import io.vireo.console.quota.Resources;
import io.vireo.console.vm.internal.VmRepository;

/** A team holds what its VMs have: their vCPUs, memory and disks, and one VM each. */
@Component
class VmResourceUsage implements ResourceUsage {

    private final VmRepository vms;

    VmResourceUsage(VmRepository vms) {
        this.vms = vms;
    }

    @Override
    @Transactional(readOnly = true)
    public Resources heldBy(Long teamId) {
        return vms.findByTeamId(teamId).stream().map(Vm::resources).reduce(Resources.NONE, Resources::plus);
    }
}
