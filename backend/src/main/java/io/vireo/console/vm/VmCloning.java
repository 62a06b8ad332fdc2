package io.vireo.console.vm;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.host.LocalHost;
import io.vireo.console.hosts.Host;
import io.vireo.console.hosts.HostService;
import io.vireo.console.security.Permission;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamService;
import io.vireo.console.vm.internal.VmRepository;

/**
 * Clones a VM: a new VM (new id, folder, UUID, host name) whose disks are a full copy of the chosen state or
 * deltas standing on it. The chosen state is a snapshot's frozen files, or the current one: copied from a stopped
 * VM, or frozen for a linked clone by a snapshot taken for it first ("Base of …"). A clone of a VM on a libvirt host
 * is placed on that host, whose datastore its disks stand on.
 */
@Service
public class VmCloning {

    private final VmQueries queries;
    private final VmRepository vms;
    private final TeamService teams;
    private final VmCopies copies;
    private final ObjectProvider<VmSnapshotTree> trees;
    private final ObjectProvider<SnapshotTaking> taking;
    private final VmNicParts nicParts;
    private final LocalHost host;
    private final HostService hosts;
    private final Clock clock;

    VmCloning(VmQueries queries, VmRepository vms, TeamService teams, VmCopies copies,
            ObjectProvider<VmSnapshotTree> trees, ObjectProvider<SnapshotTaking> taking, VmNicParts nicParts,
            LocalHost host, HostService hosts, Clock clock) {
        this.hosts = hosts;
        this.nicParts = nicParts;
        this.queries = queries;
        this.vms = vms;
        this.teams = teams;
        this.copies = copies;
        this.trees = trees;
        this.taking = taking;
        this.host = host;
        this.clock = clock;
    }

    @Audited(action = "vm.clone", target = "VM")
    @Transactional
    public VmView clone(Long id, CloneRequest request) {
        Vm source = queries.authorized(id, Permission.CONFIGURE);
        source.ensureVirtioDisksOnly("a clone");
        Team team = request.teamId() == null ? source.getTeam()
                : teams.authorized(request.teamId(), Permission.CONFIGURE);
        if (vms.existsByTeamIdAndName(team.getId(), request.name())) {
            throw new InvalidFieldException("name", "The team already has a VM named " + request.name());
        }
        if (source.getPowerState() == PowerState.PROVISIONING || source.getPowerState() == PowerState.ERROR) {
            throw new ConflictException("VM has no disks to clone", "VM " + source.getName() + " is "
                    + source.getPowerState().name().toLowerCase() + ": its disks are not whole");
        }
        Map<Integer, String> frozen = request.snapshotId() != null ? snapshotFiles(source, request.snapshotId())
                : currentTops(source);
        VmProvisioner.Prelude prelude = VmProvisioner.Prelude.NONE;
        if (request.snapshotId() == null && request.mode() == DiskMode.FULL && source.getPowerState().mayBeRunning()) {
            throw new ConflictException("VM is running", "A full clone of the current state copies the disks as they"
                    + " are: stop VM " + source.getName() + " first, or clone one of its snapshots");
        }
        if (request.snapshotId() == null && request.mode() == DiskMode.LINKED) {
            prelude = baseSnapshot(source, request.name(), frozen);
        }
        Optional<Host> placedOn = hosts.hostBeside(id, source.getArchitecture().label());
        List<DiskSeed> seeds = new ArrayList<>();
        for (VmDisk disk : source.getDisks()) {
            String file = frozen.get(disk.getPosition());
            seeds.add(new DiskSeed(source.getDatastore().directory(), source.directoryName() + "/" + file,
                    disk.getSizeGib(), request.mode()));
        }
        Vm clone = new Vm(request.name(), source.getDescription(), team, source.getVcpus(), source.getMemoryMib(),
                source.getBootSource(), VmLaunches.bootKernel(source).orElse(null), source.getTemplate(),
                source.getDatastore(), placedOn.map(Host::getName).orElse(host.name()), AuditLog.currentActor(),
                clock.instant());
        clone.builtFor(source.getArchitecture());
        clone.allocateCpu(source.cpu(), clock.instant());
        clone.resize(source.topology(), source.memory(), clock.instant());
        VmCopies.addSeeded(clone, seeds);
        plugLikeTheSource(clone, source);
        Vm made = copies.record(clone, source, seeds, prelude, "vm.clone", request.mode().name().charAt(0)
                + request.mode().name().substring(1).toLowerCase() + " clone of VM " + source.getName() + " as "
                + request.name()).vm();
        placedOn.ifPresent(on -> hosts.place(made.getId(), on));
        return VmView.of(made);
    }

    /**
     * A clone's NICs are on the source's networks with its VLANs and rate limits, but with MACs of their own and
     * no fixed addresses: both belong to the source's cards.
     */
    private void plugLikeTheSource(Vm clone, Vm source) {
        List<String> macs = new ArrayList<>();
        for (VmNic nic : source.getNics()) {
            NicPlug plug = nicParts.plug(new NicRequest(nic.getNetwork().getId(), null, nic.getVlan(),
                    nic.getRateLimitMbps(), null), null, macs);
            macs.add(plug.mac());
            clone.addNic(plug);
        }
    }

    /** The snapshot's frozen file of each disk; another VM's snapshot is "not found" like a missing one. */
    private Map<Integer, String> snapshotFiles(Vm vm, Long snapshotId) {
        VmSnapshotTree tree = trees.getIfAvailable();
        List<SavedSnapshot> saved = tree == null ? List.of() : tree.saved(vm.getId());
        return saved.stream().filter(s -> s.key() == snapshotId).findFirst().map(SavedSnapshot::files)
                .orElseThrow(() -> new NotFoundException("Snapshot", snapshotId));
    }

    private static Map<Integer, String> currentTops(Vm vm) {
        Map<Integer, String> tops = new HashMap<>();
        vm.getDisks().forEach(d -> tops.put(d.getPosition(), d.fileName()));
        return tops;
    }

    /**
     * The snapshot the linked clone stands on, taken by its task before the deltas are made: it freezes the tops the
     * disks have now, which the clone's disks name as their bases.
     */
    private VmProvisioner.Prelude baseSnapshot(Vm source, String cloneName, Map<Integer, String> tops) {
        SnapshotTaking snapshots = taking.getIfAvailable();
        if (snapshots == null) {
            throw new ConflictException("Snapshots unavailable", "A linked clone of the current state stands on a"
                    + " snapshot taken for it, and this console takes none; clone a snapshot instead");
        }
        Long sourceId = source.getId();
        String actor = AuditLog.currentActor();
        return progress -> {
            Map<Integer, String> taken = snapshots.take(sourceId, "Base of " + cloneName, actor, progress);
            if (!taken.equals(tops)) {
                throw new ConflictException("VM disks changed", "The disks of the VM to clone changed while the clone"
                        + " was queued; clone it again");
            }
        };
    }
}
