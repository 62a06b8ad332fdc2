package io.vireo.console.vm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Audited;
import io.vireo.console.audit.Outcome;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.host.LocalHost;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageService;
import io.vireo.console.image.ImportedIsos;
import io.vireo.console.network.Network;
import io.vireo.console.network.NetworkService;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskService;
import io.vireo.console.team.Team;
import io.vireo.console.vm.internal.VmEvent;
import io.vireo.console.vm.internal.VmEventRepository;
import io.vireo.console.vm.internal.VmRepository;

/**
 * Records the VMs another hypervisor packaged ({@link ImportedVm}: one, or each of a collection's) and queues the task
 * that converts their disks into the VMs' folders, as "create VM" does with a copied disk. A failed or cancelled
 * import leaves nothing: the task removes the VMs again with their folders, and runs the caller's {@link Staging}
 * cleanup either way.
 */
@Service
public class VmImports {

    /** The files the package was unpacked into, removed once the disks were converted (or not). */
    @FunctionalInterface
    public interface Staging {
        void remove() throws IOException;
    }

    private final VmRepository vms;
    private final RegisteredFolders folders;
    private final VmCopies copies;
    private final VmNicParts nicParts;
    private final NetworkService networks;
    private final ImageService images;
    private final ImportedIsos isos;
    private final VmCdrom cdrom;
    private final VmEventRepository events;
    private final VmConfigFile files;
    private final LocalHost host;
    private final VmConversions conversions;
    private final TaskService tasks;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    VmImports(VmRepository vms, RegisteredFolders folders, VmCopies copies, VmNicParts nicParts,
            NetworkService networks, ImageService images, ImportedIsos isos, VmCdrom cdrom, VmEventRepository events,
            VmConfigFile files, LocalHost host, VmConversions conversions, TaskService tasks, AuditLog audit,
            TransactionTemplate transactions, Clock clock) {
        this.isos = isos;
        this.cdrom = cdrom;
        this.audit = audit;
        this.conversions = conversions;
        this.tasks = tasks;
        this.vms = vms;
        this.folders = folders;
        this.copies = copies;
        this.nicParts = nicParts;
        this.networks = networks;
        this.images = images;
        this.events = events;
        this.files = files;
        this.host = host;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The datastore a package for {@code teamId} is unpacked into and its VM made in, if the caller may bring VMs
     * into the team there; asked before a byte of the package is written.
     */
    @Transactional(readOnly = true)
    public Datastore destination(Long teamId, Long datastoreId) {
        return folders.permitted(teamId, datastoreId).datastore();
    }

    /**
     * Records the VMs (within the team's quota and the datastore's room) and queues one task converting their disks,
     * whose target is the first VM; its description names the others. A VM of a name already in the team gets a free
     * name with a number after it. With {@code asTemplates}, each VM becomes a template of the team once its disks
     * are converted, and the task names the first template; only a VM that boots a kernel of the image library can.
     */
    @Audited(action = "vm.import", target = "VM")
    @Transactional
    public Task start(Long teamId, Long datastoreId, List<ImportedVm> imported, boolean asTemplates,
            Staging staging) {
        RegisteredFolders.Place place = folders.permitted(teamId, datastoreId);
        List<Vm> made = new ArrayList<>();
        List<List<DiskSeed>> seeds = new ArrayList<>();
        List<List<String>> notes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> macs = new ArrayList<>();
        Map<Path, Image> discs = new HashMap<>();
        for (ImportedVm vm : imported) {
            List<String> vmNotes = new ArrayList<>(vm.notes());
            List<DiskSeed> vmSeeds = new ArrayList<>();
            made.add(vm(place, vm, names, macs, vmSeeds, vmNotes));
            if (vm.iso().isPresent()) {
                Image disc = discs.computeIfAbsent(vm.iso().get(), iso -> iso(iso, place));
                made.getLast().putDisc(cdrom.iso(made.getLast(), disc.getId(), "file"));
            }
            seeds.add(vmSeeds);
            notes.add(vmNotes);
            if (asTemplates && made.getLast().getBootSource() != BootSource.IMAGE) {
                throw new InvalidFieldException("as", "A template's VMs boot a kernel of the image library, and "
                        + vm.name() + " boots from its disk (only a package Vireo exported, whose kernel this console"
                        + " has, imports as a template); import it as a VM");
            }
        }
        int noted = notes.stream().mapToInt(List::size).sum();
        // The task starts once this transaction commits, by when what it recorded is here for its work to use.
        AtomicReference<VmCopies.Recorded> recording = new AtomicReference<>();
        VmCopies.Recorded recorded = copies.recordAll(made, seeds, "vm.import",
                description(made, asTemplates, noted), (vmId, succeeded) -> {
                    finish(vmId, succeeded, staging);
                    if (succeeded && asTemplates) {
                        int v = recording.get().all().stream().map(Vm::getId).toList().indexOf(vmId);
                        template(vmId, recording.get(), notes.get(v));
                    }
                });
        recording.set(recorded);
        if (!asTemplates) {
            for (int v = 0; v < made.size(); v++) {
                for (String note : notes.get(v)) {
                    events.save(new VmEvent(recorded.all().get(v), clock.instant(), "import", note));
                }
            }
        }
        return recorded.task();
    }

    /**
     * The imported VM becomes a template (its events go with it, so the import's notes are kept in the audit log
     * under the template); the first one's template is what the task names.
     */
    private void template(Long vmId, VmCopies.Recorded recorded, List<String> notes) {
        Long templateId = transactions.execute(status -> {
            Vm vm = vms.findById(vmId).orElseThrow();
            return conversions.becomeTemplate(vm, vm.getName()).id();
        });
        for (String note : notes) {
            audit.record(recorded.task().getRequestedBy(), "template.import", "Template", templateId, note,
                    Outcome.SUCCEEDED);
        }
        if (vmId.equals(recorded.vm().getId())) {
            tasks.retarget(recorded.task().getId(), "Template", templateId);
        }
    }

    /** The ISO image an imported VM's drive held, taken into the team's library in the VM's datastore. */
    private Image iso(Path file, RegisteredFolders.Place place) {
        try {
            return isos.take(file, place.team(), place.datastore());
        } catch (IOException e) {
            throw new InvalidFieldException("file", "The ISO image " + file.getFileName() + " its CD-ROM drive held"
                    + " cannot be taken into the image library: " + e.getMessage());
        }
    }

    /** The task's description, within the 256 characters a task has: the VMs by name, as many as fit. */
    private static String description(List<Vm> made, boolean asTemplates, int noted) {
        String what = asTemplates ? (made.size() == 1 ? "template" : "templates") : made.size() == 1 ? "VM" : "VMs";
        String notes = noted == 0 ? "" : " (" + noted + " notes in " + (asTemplates ? "the audit log" : "their events")
                + ")";
        StringBuilder text = new StringBuilder("Import ");
        text.append(made.size() == 1 ? what + " " + made.getFirst().getName()
                : made.size() + " " + what + ": " + made.getFirst().getName() + " (the task's)");
        for (int v = 1; v < made.size(); v++) {
            String more = " and " + (made.size() - v) + " more";
            if (text.length() + 2 + made.get(v).getName().length() + more.length() + notes.length() > 256) {
                text.append(more);
                break;
            }
            text.append(", ").append(made.get(v).getName());
        }
        return text.append(notes).toString();
    }

    /** One VM of the package, not yet saved, with the seeds of its disks; {@code names} and {@code macs} it took. */
    private Vm vm(RegisteredFolders.Place place, ImportedVm imported, Set<String> names, List<String> macs,
            List<DiskSeed> seeds, List<String> notes) {
        Team team = place.team();
        Datastore datastore = place.datastore();
        if (imported.disks().size() > LaunchSpec.DISK_AND_NIC_SLOTS) {
            throw new InvalidFieldException("file", "The package's VM has " + imported.disks().size() + " disks; the"
                    + " engine gives a VM room for " + LaunchSpec.DISK_AND_NIC_SLOTS + " disks and network cards");
        }
        Optional<Image> kernel = imported.bootImage().flatMap(images::findByName).filter(Image::isKernel);
        String name = freeName(team, imported.name(), names);
        names.add(name);
        Vm vm = new Vm(name, imported.description(), team, imported.vcpus(),
                imported.memoryMib(), kernel.isPresent() ? BootSource.IMAGE : BootSource.DISK, kernel.orElse(null),
                null, datastore, host.name(), AuditLog.currentActor(), clock.instant());
        imported.uuid().filter(uuid -> !vms.existsByUuid(uuid)).ifPresent(vm::keepIdentity);
        vm.builtFor(imported.architecture());
        vm.resize(VmTopology.of(imported.vcpus(), imported.coresPerSocket(), 1), VmMemory.of(imported.memoryMib(),
                null), clock.instant());
        imported.bootImage().filter(image -> kernel.isEmpty()).ifPresent(image -> notes.add("Its kernel image "
                + image + " is not in this console's image library; the VM boots from its first disk instead, which"
                + " works when that disk holds its kernel in /boot"));
        Path root = datastore.directory();
        for (ImportedVm.Disk disk : imported.disks().stream().filter(d -> d.file().isPresent()).toList()) {
            seeds.add(new DiskSeed(root, root.relativize(disk.file().orElseThrow()).toString(), disk.sizeGib(),
                    DiskMode.FULL, true));
        }
        VmCopies.addSeeded(vm, seeds);
        imported.disks().stream().filter(d -> d.file().isEmpty())
                .forEach(d -> vm.addDisk(d.sizeGib(), DiskBus.VIRTIO, datastore));
        plugNics(vm, imported, macs, notes);
        return vm;
    }

    /**
     * Each card on the network the user mapped its source network to; else on the network of the same name; else on
     * the default network. It keeps its MAC unless another card of the console has it. A card beyond the engine's
     * device slots is left out.
     */
    private void plugNics(Vm vm, ImportedVm imported, List<String> macs, List<String> notes) {
        int index = 0;
        for (ImportedVm.Nic nic : imported.nics()) {
            String source = nic.network();
            index++;
            if (vm.getDisks().size() + vm.getNics().size() >= LaunchSpec.DISK_AND_NIC_SLOTS) {
                notes.add("Its network card " + index + " was left out: the engine gives a VM room for "
                        + LaunchSpec.DISK_AND_NIC_SLOTS + " disks and network cards together");
                continue;
            }
            String wanted = imported.networkMapping().getOrDefault(source, source);
            Optional<Network> network = networks.byName(wanted);
            if (network.isEmpty() && imported.networkMapping().containsKey(source)) {
                throw new InvalidFieldException("mapping", "No network named " + wanted + " (chosen for "
                        + source + ")");
            }
            if (network.isEmpty()) {
                network = defaultNetwork(source);
                notes.add("Its network card " + index + " was on " + (source.isEmpty() ? "no network" : source)
                        + ", which this console does not have; it is on the " + NetworkService.DEFAULT
                        + " network");
            }
            if (network.isEmpty()) {
                notes.add("Its network card " + index + " was left out: this console has no network to put it on");
                continue;
            }
            NicPlug plug = plug(network.get(), nic.mac(), macs, index, notes);
            macs.add(plug.mac());
            vm.addNic(plug);
        }
    }

    /** Where cards of a source network go unless mapped: the network of the same name, else the default one. */
    private Optional<Network> defaultNetwork(String source) {
        return networks.byName(source).or(() -> networks.byName(NetworkService.DEFAULT));
    }

    /**
     * For the mapping step: the Vireo network cards on each of {@code sources} go on unless the user maps them
     * elsewhere (the network of the same name, else the default network; none when the console has neither), and
     * every network the user may choose instead.
     */
    @Transactional(readOnly = true)
    public NetworkChoices networkChoices(Collection<String> sources) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String source : sources) {
            defaults.put(source, defaultNetwork(source).map(Network::getName).orElse(""));
        }
        return new NetworkChoices(defaults, networks.list(null, Pageable.unpaged()).map(Network::getName).toList());
    }

    /** Each source network's default Vireo network (empty: none), and the names of all Vireo networks. */
    public record NetworkChoices(Map<String, String> defaults, List<String> networks) {
    }

    private NicPlug plug(Network network, Optional<String> mac, List<String> macs, int index, List<String> notes) {
        if (mac.isPresent()) {
            try {
                return nicParts.plug(new NicRequest(network.getId(), mac.get(), null, null, null), null, macs);
            } catch (InvalidFieldException refused) {
                notes.add("Its network card " + index + " got a new MAC: " + refused.message());
            }
        }
        return nicParts.plug(NicRequest.on(network.getId()), null, macs);
    }

    /** The wanted name made plain, with a number after it where the team or this import has it already. */
    private String freeName(Team team, String wanted, Set<String> taken) {
        String base = wanted.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        base = base.isEmpty() ? "imported" : base.substring(0, Math.min(base.length(), 56));
        String name = base;
        for (int n = 2; taken.contains(name) || vms.existsByTeamIdAndName(team.getId(), name); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    private void finish(Long vmId, boolean succeeded, Staging staging) throws IOException {
        try {
            staging.remove();
        } finally {
            if (!succeeded) {
                AtomicReference<Long> disc = new AtomicReference<>();
                Path folder = transactions.execute(status -> vms.findById(vmId).map(vm -> {
                    Path directory = files.directory(vm);
                    Optional.ofNullable(vm.getCdromImage()).map(Image::getId).ifPresent(disc::set);
                    vms.delete(vm);
                    return directory;
                }).orElse(null));
                if (folder != null) {
                    files.removeDirectory(folder);
                }
                if (disc.get() != null && !vms.existsByCdromImageId(disc.get())) {
                    isos.discard(disc.get());
                }
            }
        }
    }
}
