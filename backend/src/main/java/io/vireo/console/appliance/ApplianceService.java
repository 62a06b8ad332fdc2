package io.vireo.console.appliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.engine.ApplianceFactory;
import io.vireo.console.engine.BuiltAppliance;
import io.vireo.console.hosts.HostService;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageService;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskProgress;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;
import io.vireo.console.task.TaskView;
import io.vireo.console.template.TemplateConversions;
import io.vireo.console.template.TemplateService;
import io.vireo.console.template.TemplateView;

/**
 * The appliance catalog: builds starter guests from Debian packages as tasks and registers each in the first
 * datastore as an image plus a shared template, so anyone can create a VM from it: a kernel image whose template
 * gives VMs a blank disk, or (an installed system) a disk image whose template gives VMs a copy they boot from.
 */
@Service
public class ApplianceService {
    static final List<CatalogEntry> CATALOG = List.of(new CatalogEntry("tiny", "Tiny Debian",
            "Debian's riscv64 kernel with busybox: a root shell on the serial console and on the screen"
                    + " (keyboard and tablet work), the VM's blank disk as /dev/vda, and an entropy source."
                    + " Boots in well under a minute.",
            2, 512, 1, CatalogEntry.Kind.BUILT),
            new CatalogEntry("debian", "Debian (systemd, SSH)",
                    "Debian installed on a qcow2 root disk the VM boots from (its kernel from the disk's /boot):"
                            + " systemd, systemd-networkd, openssh-server (host keys made at first boot, so"
                            + " every VM's differ), python3, sudo and apt. The VM's name is its host name."
                            + " Building it the first time takes about twenty minutes.",
                    2, 1024, 4, CatalogEntry.Kind.BUILT),
            new CatalogEntry("tiny-x86_64", "Tiny Debian (x86-64)",
                    "The tiny guest for x86-64 libvirt hosts: Debian's amd64 kernel with busybox, a root shell on the"
                            + " serial console, the VM's blank disk as /dev/vda. Its VMs run on a libvirt host that"
                            + " runs x86_64 guests, never on the embedded engine.",
                    1, 256, 1, CatalogEntry.Kind.BUILT));
    /** Entries whose guests only another host runs: offered while a connected host runs that architecture. */
    private static final Map<String, String> FOREIGN = Map.of("tiny-x86_64", "x86_64");

    private final ApplianceFactory factory;
    private final TaskService tasks;
    private final TemplateService templates;
    private final ImageService images;
    private final DatastoreService datastores;
    private final AccessPolicy access;
    private final TransactionTemplate transactions;
    private final CatalogPackages packages;
    private final TemplateConversions conversions;
    private final HostService hosts;
    private final Map<String, Long> lastBuild = new ConcurrentHashMap<>();

    ApplianceService(ApplianceFactory factory, TaskService tasks, TemplateService templates, ImageService images,
            DatastoreService datastores, AccessPolicy access, TransactionTemplate transactions,
            CatalogPackages packages, TemplateConversions conversions, HostService hosts) {
        this.hosts = hosts;
        this.factory = factory;
        this.tasks = tasks;
        this.templates = templates;
        this.images = images;
        this.datastores = datastores;
        this.access = access;
        this.transactions = transactions;
        this.packages = packages;
        this.conversions = conversions;
    }

    /**
     * Every signed-in user reads the catalog, the built appliances first, then the OVA entries; asking for the
     * caller refuses a user disabled since signing in.
     */
    @Transactional(readOnly = true)
    public List<ApplianceView> catalog() {
        access.caller();
        return Stream.concat(CATALOG.stream().filter(this::offered).map(this::view), packages.views().stream())
                .toList();
    }

    private boolean offered(CatalogEntry entry) {
        String architecture = FOREIGN.get(entry.name());
        return architecture == null || hosts.anyConnectedRuns(architecture);
    }

    private ApplianceView view(CatalogEntry entry) {
        Optional<TemplateView> template = templates.findShared(entry.name());
        TaskView build = Optional.ofNullable(lastBuild.get(entry.name())).flatMap(id -> {
            try {
                return Optional.of(TaskView.of(tasks.get(id)));
            } catch (NotFoundException gone) {
                return Optional.empty();
            }
        }).orElse(null);
        return new ApplianceView(entry, template.map(TemplateView::id).orElse(null),
                template.map(TemplateView::imageName).orElse(null), build, false,
                template.filter(t -> t.imageId() == null && t.hasFiles()).isPresent());
    }

    /** Admins build appliances: the result is shared with every team. Answers the build task. */
    @Audited(action = "appliance.build", target = "Appliance")
    @Transactional
    public Task build(String name) {
        access.requireAdmin();
        CatalogEntry entry = CATALOG.stream().filter(e -> e.name().equals(name)).filter(this::offered).findFirst()
                .orElseThrow(() -> new NotFoundException("Appliance", name));
        ApplianceView current = view(entry);
        if (current.building()) {
            throw new ConflictException("Already building", "Appliance " + name + " is being built (task "
                    + current.build().id() + ")");
        }
        Datastore datastore = datastores.first()
                .orElseThrow(() -> new ConflictException("No datastore", "Create a datastore to keep appliances in"));
        Long datastoreId = datastore.getId();
        Task task = tasks.submit(new TaskSpec("appliance.build", "Build appliance " + name, null, "Appliance", null),
                progress -> {
                    BuiltAppliance built = factory.build(name, (percent, step) -> progress.report(percent * 9 / 10,
                            step));
                    if (built.rootDisk().isPresent()) {
                        registerDisk(entry, built, built.rootDisk().get(), datastoreId, progress.share(9, 10));
                    } else {
                        progress.report(90, "Copying the kernel and initramfs into the datastore");
                        register(entry, built, datastoreId);
                    }
                    progress.report(100);
                });
        lastBuild.put(name, task.getId());
        return task;
    }

    /** Copies the built files into the datastore (the cache may be cleaned) and records image and template. */
    private void register(CatalogEntry entry, BuiltAppliance built, Long datastoreId) throws IOException {
        Datastore datastore = datastores.find(datastoreId).orElseThrow();
        String folder = "appliances/" + entry.name() + "-" + built.kernelVersion();
        Path target = datastore.directory().resolve(folder);
        Files.createDirectories(target);
        copy(built.kernel(), target.resolve("Image"));
        copy(built.initrd(), target.resolve("initramfs.gz"));
        long size = Files.size(target.resolve("Image")) + Files.size(target.resolve("initramfs.gz"));
        String imageName = entry.name() + " " + built.kernelVersion();
        transactions.executeWithoutResult(status -> {
            Image image = images.registerKernel(imageName, datastoreId, folder, built.commandLine(), size);
            templates.shareUnlessPresent(entry.name(), entry.title() + ": " + entry.description(), entry.vcpus(),
                    entry.memoryMib(), entry.diskGib(), image);
        });
    }

    /**
     * Copies the built root disk into the datastore's images as a shared disk image (once per kernel version: VMs
     * may stand on a registered one, so it is never overwritten) and shares a template whose VMs boot from a copy.
     */
    private void registerDisk(CatalogEntry entry, BuiltAppliance built, Path rootDisk, Long datastoreId,
            TaskProgress progress) throws IOException {
        String imageName = entry.name() + " " + built.kernelVersion();
        Image image = images.findByName(imageName).orElse(null);
        if (image == null) {
            Datastore datastore = datastores.find(datastoreId).orElseThrow();
            String file = ImageService.FOLDER + "/" + entry.name() + "-" + built.kernelVersion() + ".qcow2";
            Path target = datastore.directory().resolve(file);
            Files.createDirectories(target.getParent());
            progress.report(0, "Copying the root disk into the datastore as " + file);
            copy(rootDisk, target);
            image = images.registerDisk(imageName, datastoreId, file, Files.size(target));
        }
        progress.report(50, "Copying the disk into the shared template " + entry.name());
        conversions.shareBootableDisk(entry.name(), entry.title() + ": " + entry.description(), entry.vcpus(),
                entry.memoryMib(), image.getId(), progress);
    }

    private static void copy(Path from, Path to) throws IOException {
        Path partial = to.resolveSibling(to.getFileName() + ".part");
        Files.copy(from, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
