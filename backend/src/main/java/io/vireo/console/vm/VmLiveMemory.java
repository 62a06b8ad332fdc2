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
 * Changes a running VM's memory without a reboot, through its balloon: down to {@link #MIN_MIB} and up to the
 * memory it is configured with (and booted with), which stays its maximum.
 */
@Service
public class VmLiveMemory {
    static final long MIN_MIB = 64;

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
        if (memoryMib < MIN_MIB || memoryMib > vm.getMemoryMib()) {
            throw new InvalidFieldException("memoryMib", "The memory must be " + MIN_MIB + " to " + vm.getMemoryMib()
                    + " MiB (the VM's configured memory is its maximum)");
        }
        host.resizeMemory(id, memoryMib);
    }
}
