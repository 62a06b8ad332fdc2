package io.vireo.console.vm;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.security.Permission;

/**
 * Changes a running VM's memory without a reboot, through its balloon: down to its memory minimum and up to the
 * memory it is configured with (and booted with), which stays its maximum.
 */
@Service
public class VmLiveMemory {

    private final VmQueries vms;
    private final HostDriver host;

    VmLiveMemory(VmQueries vms, HostDriver host) {
        this.vms = vms;
        this.host = host;
    }

    @Audited(action = "vm.memory", target = "VM")
    @Transactional(readOnly = true)
    public void resize(Long id, long memoryMib) {
        Vm vm = vms.authorized(id, Permission.OPERATE);
        RuntimeState state = host.state(id);
        if (state != RuntimeState.RUNNING && state != RuntimeState.PAUSED) {
            throw new ConflictException("VM is off", "Memory changes without a reboot only while the VM runs;"
                    + " a stopped VM's memory is changed in its settings");
        }
        VmMemory memory = vm.memory();
        if (memoryMib < memory.minimumMib() || memoryMib > memory.memoryMib()) {
            throw new InvalidFieldException("memoryMib", "The memory of VM " + vm.getName() + " must be "
                    + memory.minimumMib() + " to " + memory.memoryMib() + " MiB, not " + memoryMib + " MiB (its"
                    + " memory minimum to its configured memory; both are changed in its settings while it is off)");
        }
        host.resizeMemory(id, memoryMib);
    }
}
