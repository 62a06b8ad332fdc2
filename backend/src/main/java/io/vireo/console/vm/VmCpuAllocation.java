package io.vireo.console.vm;

import java.time.Clock;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.security.Permission;

/** A VM's CPU shares and cap: saved with the VM and its vm.conf, and given at once to a VM that runs. */
@Service
public class VmCpuAllocation {

    private final VmQueries vms;
    private final VmChanges changes;
    private final HostDriver host;
    private final Clock clock;

    VmCpuAllocation(VmQueries vms, VmChanges changes, HostDriver host, Clock clock) {
        this.vms = vms;
        this.changes = changes;
        this.host = host;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public VmCpu get(Long id) {
        return vms.authorized(id, Permission.VIEW).cpu();
    }

    @Audited(action = "vm.cpu", target = "VM")
    @Transactional
    public VmCpu allocate(Long id, VmCpu cpu) {
        Vm vm = vms.authorized(id, Permission.CONFIGURE);
        vm.allocateCpu(cpu, clock.instant());
        changes.rewriteConfig(vm);
        if (host.state(id) != RuntimeState.OFF) {
            host.allocateCpu(id, cpu.shares(), cpu.capPercent());
        }
        return vm.cpu();
    }
}
