package io.vireo.console.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.SerialLog;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmQueries;

/** The text console: the VM's recent serial output, and typing into it for those who may operate the VM. */
@Service
public class SerialConsole {
    static final int MAX_INPUT = 4096;

    private final VmQueries vms;
    private final HostDriver host;

    SerialConsole(VmQueries vms, HostDriver host) {
        this.vms = vms;
        this.host = host;
    }

    /**
     * While the VM runs (and its host follows its output), what it printed lately; else the end of the log in its
     * folder, which a VM on any host leaves there.
     */
    @Transactional(readOnly = true)
    public String tail(Long vmId) {
        Vm vm = vms.authorized(vmId, Permission.VIEW);
        Optional<String> live = host.serialTail(vmId);
        if (live.isPresent()) {
            return live.get();
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
        host.typeSerial(vmId, text.getBytes(StandardCharsets.UTF_8));
    }
}
