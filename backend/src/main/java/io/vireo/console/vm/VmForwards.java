package io.vireo.console.vm;

import java.time.Clock;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.NetworkDefinitions;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.internal.VmForwardRepository;

/**
 * Port forwards to a VM's NICs: added and removed by its operators, applied at once while it runs (the engine
 * refuses a host port already in use, in its words) and again at every power-on. They listen on the host's
 * loopback unless an administrator names another address, since anything on that address could reach the guest.
 */
@Service
public class VmForwards {

    private final VmQueries vms;
    private final VmNics nics;
    private final VmForwardRepository forwards;
    private final HostDriver host;
    private final AccessPolicy access;
    private final Clock clock;

    VmForwards(VmQueries vms, VmNics nics, VmForwardRepository forwards, HostDriver host, AccessPolicy access,
            Clock clock) {
        this.vms = vms;
        this.nics = nics;
        this.forwards = forwards;
        this.host = host;
        this.access = access;
        this.clock = clock;
    }

    @Audited(action = "vm.forward.add", target = "VM")
    @Transactional
    public NicView.Forward add(Long vmId, Long nicId, ForwardRequest request) {
        Vm vm = vms.authorized(vmId, Permission.OPERATE);
        VmNic nic = VmNics.nic(vm, nicId);
        String address = NetworkDefinitions.hostAddress(request.hostAddressOrLoopback());
        if (!address.equals(ForwardRequest.LOOPBACK) && !access.caller().admin()) {
            throw new InvalidFieldException("hostAddress", "Only an administrator may forward from an address other"
                    + " than " + ForwardRequest.LOOPBACK + ": anything that reaches " + address + " would reach the"
                    + " guest");
        }
        forwards.findByProtocolAndHostAddressAndHostPort(request.protocol(), address, request.hostPort())
                .ifPresent(other -> {
                    throw new ConflictException("Port already forwarded", request.protocol() + " " + address + ":"
                            + request.hostPort() + " is already forwarded to another network card");
                });
        VmForward forward = new VmForward(nic, request.protocol(), address, request.hostPort(), request.guestPort(),
                AuditLog.currentActor(), clock.instant());
        VmForward saved = forwards.saveAndFlush(forward);
        if (nics.isRunning(vmId)) {
            host.addForward(vmId, nic.getPosition(), forward.spec());
        }
        return NicView.Forward.of(saved);
    }

    @Audited(action = "vm.forward.remove", target = "VM")
    @Transactional
    public void remove(Long vmId, Long nicId, Long forwardId) {
        Vm vm = vms.authorized(vmId, Permission.OPERATE);
        VmNic nic = VmNics.nic(vm, nicId);
        VmForward forward = forwards.findById(forwardId).filter(f -> f.getNic().equals(nic))
                .orElseThrow(() -> new NotFoundException("Forward", forwardId));
        forwards.delete(forward);
        if (nics.isRunning(vmId)) {
            host.removeForward(vmId, nic.getPosition(), forward.spec());
        }
    }
}
