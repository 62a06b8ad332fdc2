package io.vireo.console.vm;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.NicStatus;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.internal.VmForwardRepository;
import io.vireo.console.vm.internal.VmRepository;

/**
 * A VM's network cards: shown with what the engine says of them while the VM runs, plugged in, changed and
 * removed while it is stopped (the engine does not hot-plug), their link pulled or plugged while it runs. Each
 * change rewrites the VM's {@code vm.conf}.
 */
@Service
public class VmNics {

    private final VmQueries vms;
    private final VmNicParts parts;
    private final VmForwardRepository forwards;
    private final VmRepository repository;
    private final VmChanges changes;
    private final HostDriver host;
    private final Clock clock;

    VmNics(VmQueries vms, VmNicParts parts, VmForwardRepository forwards, VmRepository repository, VmChanges changes,
            HostDriver host, Clock clock) {
        this.vms = vms;
        this.parts = parts;
        this.forwards = forwards;
        this.repository = repository;
        this.changes = changes;
        this.host = host;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<NicView> list(Long vmId) {
        Vm vm = vms.authorized(vmId, Permission.VIEW);
        List<NicStatus> running = host.nics(vmId);
        List<NicView> views = new ArrayList<>();
        for (VmNic nic : vm.getNics()) {
            Optional<NicStatus> status = running.stream().filter(s -> s.mac().equals(nic.getMac())).findFirst();
            views.add(view(nic, status));
        }
        return views;
    }

    @Transactional(readOnly = true)
    public NicView get(Long vmId, Long nicId) {
        return list(vmId).stream().filter(n -> n.nic().id().equals(nicId)).findFirst()
                .orElseThrow(() -> new NotFoundException("NIC", nicId));
    }

    @Audited(action = "vm.nic.add", target = "VM")
    @Transactional
    public NicView add(Long vmId, NicRequest request) {
        Vm vm = vms.authorized(vmId, Permission.CONFIGURE);
        VmNic nic = vm.plugNic(parts.plug(request, null, List.of()), clock.instant());
        repository.flush();
        changes.rewriteConfig(vm);
        return view(nic, Optional.empty());
    }

    /** Its forwards stay: they follow the NIC to its new network. */
    @Audited(action = "vm.nic.change", target = "VM")
    @Transactional
    public NicView change(Long vmId, Long nicId, NicRequest request) {
        Vm vm = vms.authorized(vmId, Permission.CONFIGURE);
        VmNic nic = nic(vm, nicId);
        vm.replugNic(nic, parts.plug(request, nic, List.of()), clock.instant());
        changes.rewriteConfig(vm);
        return view(nic, Optional.empty());
    }

    @Audited(action = "vm.nic.remove", target = "VM")
    @Transactional
    public void remove(Long vmId, Long nicId) {
        Vm vm = vms.authorized(vmId, Permission.CONFIGURE);
        VmNic nic = nic(vm, nicId);
        forwards.deleteAll(forwards.findByNicIdOrderById(nic.getId()));
        vm.unplugNic(nic, clock.instant());
        changes.rewriteConfig(vm);
    }

    /** Recorded for the next power-on too, so a pulled cable stays pulled. */
    @Audited(action = "vm.nic.link", target = "VM")
    @Transactional
    public NicView link(Long vmId, Long nicId, boolean up) {
        Vm vm = vms.authorized(vmId, Permission.OPERATE);
        VmNic nic = nic(vm, nicId);
        nic.linkUp(up);
        if (isRunning(vmId)) {
            host.setLink(vmId, nic.getPosition(), up);
        }
        return get(vmId, nicId);
    }

    /** The VM's NIC with this id; another VM's NIC is not found, whoever asks. */
    static VmNic nic(Vm vm, Long nicId) {
        return vm.getNics().stream().filter(n -> n.getId().equals(nicId)).findFirst()
                .orElseThrow(() -> new NotFoundException("NIC", nicId));
    }

    /** Whether the engine holds the VM powered on (running or paused): then a change to its NICs applies at once. */
    boolean isRunning(Long vmId) {
        RuntimeState state = host.state(vmId);
        return state == RuntimeState.RUNNING || state == RuntimeState.PAUSED;
    }

    private NicView view(VmNic nic, Optional<NicStatus> status) {
        return new NicView(VmView.Nic.of(nic), status,
                forwards.findByNicIdOrderById(nic.getId()).stream().map(NicView.Forward::of).toList());
    }
}
