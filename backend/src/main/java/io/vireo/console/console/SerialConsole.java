package io.vireo.console.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.SerialLog;
import io.vireo.console.engine.VmRuntime;
import io.vireo.console.hosts.HostService;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmQueries;

/** The text console: the VM's recent serial output, and typing into it for those who may operate the VM. */
@Service
public class SerialConsole {
    static final int MAX_INPUT = 4096;

    private final VmQueries vms;
    private final VmRuntime runtime;
    private final HostService hosts;

    SerialConsole(VmQueries vms, VmRuntime runtime, HostService hosts) {
        this.vms = vms;
        this.runtime = runtime;
        this.hosts = hosts;
    }

    /** While the VM runs, what it printed lately; once off, the end of the log it left in its folder. */
    @Transactional(readOnly = true)
    public String tail(Long vmId) {
        Vm vm = vms.authorized(vmId, Permission.VIEW);
        if (runtime.state(vmId) != RuntimeState.OFF) {
            return runtime.serialTail(vmId);
        }
        try {
            return SerialLog.tailOf(vm.folder());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the serial log of VM " + vm.getName(), e);
        }
    }

    @Transactional(readOnly = true)
    public void type(Long vmId, String text) {
        vms.authorized(vmId, Permission.OPERATE);
        if (text == null || text.isEmpty() || text.length() > MAX_INPUT) {
            throw new InvalidFieldException("text", "Send 1 to " + MAX_INPUT + " characters");
        }
        hosts.libvirtHostOf(vmId).ifPresent(host -> {
            throw new ConflictException("Not on a libvirt host yet", "Typing on the serial console of a VM on"
                    + " libvirt host " + host + " is not available yet; its output shows here");
        });
        runtime.typeSerial(vmId, text.getBytes(StandardCharsets.UTF_8));
    }
}
