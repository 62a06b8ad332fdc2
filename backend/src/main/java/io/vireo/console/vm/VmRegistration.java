package io.vireo.console.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.host.LocalHost;
import io.vireo.console.image.Image;
import io.vireo.console.network.Network;
import io.vireo.console.network.NetworkService;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.task.Task;
import io.vireo.console.team.Team;
import io.vireo.console.template.Template;
import io.vireo.console.vm.internal.VmEvent;
import io.vireo.console.vm.internal.VmEventRepository;
import io.vireo.console.vm.internal.VmRepository;

/**
 * Brings a VM back from its folder in a datastore (after it was removed from the inventory, or copied from
 * elsewhere): its {@code vm.conf} says what it is, its disk chains stay as they are and its snapshot tree comes
 * back with it (snapshots get new ids). The folder is renamed
 * to the new VM's directory name. Network cards it names are left out, with an event saying so. Which
 * folders may be taken is {@link RegisteredFolders}' to say; a folder another hypervisor wrote (a VMware folder) is
 * imported through {@link ForeignVmFolders}.
 */
@Service
public class VmRegistration {
    private static final Pattern DELTA = Pattern.compile("disk[0-9]+-([0-9]+)\\.qcow2");

    private final VmRepository vms;
    private final RegisteredFolders folders;
    private final VmParts parts;
    private final VmConfigFile files;
    private final QuotaService quotas;
    private final VmEventRepository events;
    private final LocalHost host;
    private final ObjectProvider<VmSnapshotTree> snapshotTree;
    private final DiskImages disks;
    private final VmNicParts nicParts;
    private final NetworkService networks;
    private final VmImports imports;
    private final Clock clock;

    VmRegistration(VmRepository vms, RegisteredFolders folders, VmParts parts, VmConfigFile files, QuotaService quotas,
            VmEventRepository events, LocalHost host, ObjectProvider<VmSnapshotTree> snapshotTree, DiskImages disks,
            VmNicParts nicParts, NetworkService networks, VmImports imports, Clock clock) {
        this.imports = imports;
        this.snapshotTree = snapshotTree;
        this.nicParts = nicParts;
        this.networks = networks;
        this.disks = disks;
        this.vms = vms;
        this.folders = folders;
        this.parts = parts;
        this.files = files;
        this.quotas = quotas;
        this.events = events;
        this.host = host;
        this.clock = clock;
    }

    /**
     * Plugs the NICs the folder names into the networks of those names. One whose network this console lacks, or
     * for which the VM has no device slot left, is left out, and one whose MAC or fixed address another NIC holds gets a new MAC and no fixed address; the VM's
     * events say which.
     */
    private List<String> restoreNics(Vm vm, VmConfig config) {
        List<String> notes = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        for (VmConfig.Nic nic : config.nics()) {
            if (vm.getDisks().size() + vm.getNics().size() >= LaunchSpec.DISK_AND_NIC_SLOTS) {
                notes.add("Its " + nic.key() + " was not brought back: the engine gives a VM room for "
                        + LaunchSpec.DISK_AND_NIC_SLOTS + " disks and network cards together");
                continue;
            }
            Optional<Network> network = networks.byName(nic.network());
            if (network.isEmpty()) {
                notes.add("Its " + nic.key() + " is on network " + nic.network() + ", which this console does not"
                        + " have; it was not brought back");
                continue;
            }
            NicPlug plug;
            try {
                plug = nicParts.plug(new NicRequest(network.get().getId(), nic.mac(), nic.vlan(), nic.rateLimitMbps(),
                        nic.address()), null, macs);
            } catch (InvalidFieldException taken) {
                notes.add("Its " + nic.key() + " got a new MAC and no fixed address: " + taken.message());
                plug = nicParts.plug(new NicRequest(network.get().getId(), null, nic.vlan(), nic.rateLimitMbps(),
                        null), null, macs);
            }
            macs.add(plug.mac());
            vm.addNic(plug);
            vm.getNics().getLast().linkUp(nic.linkUp());
        }
        return notes;
    }

    /**
     * Registers the folder's VM. A folder another hypervisor wrote is imported instead: the VM is recorded at once
     * (provisioning) and a task converts its disks, leaving the folder as it was.
     */
    @Audited(action = "vm.register", target = "VM")
    @Transactional
    public VmView register(RegisterRequest request) {
        RegisteredFolders.Found found = folders.locate(request);
        if (found.config().isEmpty()) {
            ImportedVm imported = found.foreign().orElseThrow().read(found.folder());
            Task task = imports.start(request.teamId(), request.datastoreId(), List.of(imported), false, () -> { });
            return VmView.of(vms.findById(task.getTargetId()).orElseThrow());
        }
        Team team = found.team();
        Datastore datastore = found.datastore();
        Path folder = found.folder();
        VmConfig config = found.config().get();
        if (vms.existsByTeamIdAndName(team.getId(), config.name())) {
            throw new InvalidFieldException("folder", "The team already has a VM named " + config.name());
        }
        Template template = config.template().map(name -> parts.templateNamed(name, team.getId())).orElse(null);
        Image bootImage = config.bootImage().map(parts::imageNamed).orElse(null);
        Vm vm = new Vm(config.name(), config.description(), team, config.vcpus(), config.memoryMib(), config.boot(),
                bootImage, template, datastore, host.name(), AuditLog.currentActor(), clock.instant());
        config.uuid().filter(uuid -> !vms.existsByUuid(uuid)).ifPresent(vm::keepIdentity);
        vm.builtFor(config.architecture());
        vm.allocateCpu(config.cpu(), clock.instant());
        vm.resize(config.cpus(), config.memory(), clock.instant());
        for (VmConfig.Disk disk : config.disks()) {
            requireChain(datastore, folder, disk.file());
            vm.addDisk(disk.sizeGib(), disk.bus(), disk.format(), datastore, disk.file());
            disk.base().ifPresent(base -> {
                if (!Files.isRegularFile(datastore.directory().resolve(base))) {
                    throw new InvalidFieldException("folder", "Its disk " + disk.file() + " stands on " + base
                            + ", which is not in datastore " + datastore.getName());
                }
                vm.getDisks().getLast().standOn(base);
            });
        }
        config.snapshots().forEach(s -> s.files().values().forEach(file -> requireChain(datastore, folder, file)));
        vm.continueDeltasFrom(Math.max(config.nextDelta(), nextUnusedDelta(config)));
        quotas.ensureRoom(team.getId(), vm.resources());
        List<String> nicNotes = restoreNics(vm, config);
        vm.provisioned(clock.instant());
        Vm saved = vms.saveAndFlush(vm);
        restoreSnapshots(saved, config);
        for (String note : nicNotes) {
            events.save(new VmEvent(saved, clock.instant(), "register", note));
        }
        Path target = files.directory(saved);
        try {
            if (!target.equals(folder)) {
                Files.move(folder, target);
            }
            files.write(target, files.render(saved));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not move " + folder + " to " + target, e);
        }
        return VmView.of(saved);
    }

    /**
     * The file is there, and every file its chain reads through lies in the datastore: a folder anyone wrote may
     * name a backing file anywhere on the host, which the VM would then read.
     */
    private void requireChain(Datastore datastore, Path folder, String file) {
        Path top = folder.resolve(file);
        if (!Files.isRegularFile(top)) {
            throw new InvalidFieldException("folder", "Its disk file " + file + " is missing");
        }
        try {
            Path root = datastore.directory().toRealPath();
            for (DiskImages.ChainFile link : disks.chain(top)) {
                if (!link.file().toRealPath().startsWith(root)) {
                    throw new InvalidFieldException("folder", "Its disk file " + file + " reads through "
                            + link.file().getFileName() + ", which is outside datastore " + datastore.getName());
                }
            }
        } catch (IOException e) {
            throw new InvalidFieldException("folder", "Its disk file " + file + " is not a readable disk chain: "
                    + e.getMessage());
        }
    }

    /** One past the highest delta number any file it names carries, so no new delta overwrites one of them. */
    private static int nextUnusedDelta(VmConfig config) {
        return Stream.concat(config.disks().stream().map(VmConfig.Disk::file),
                        config.snapshots().stream().flatMap(s -> s.files().values().stream()))
                .map(DELTA::matcher).filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1)) + 1).max().orElse(1);
    }

    private void restoreSnapshots(Vm vm, VmConfig config) {
        if (config.snapshots().isEmpty()) {
            return;
        }
        Map<Long, Long> ids = snapshotTree.getObject().restore(vm, config.snapshots());
        vm.pointCurrentSnapshotAt(config.current() == 0 ? null : ids.get(config.current()));
    }
}
