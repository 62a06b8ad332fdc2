package io.vireo.console.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreOccupancy;
import io.vireo.console.datastore.DatastoreRepository;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.host.LocalHost;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageRepository;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.quota.Resources;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Caller;
import io.vireo.console.security.Permission;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRepository;
import io.vireo.console.template.Template;
import io.vireo.console.template.TemplateRepository;
import io.vireo.console.template.TemplateService;

@Service
public class VmService {

    private final VmRepository vms;
    private final TeamRepository teams;
    private final DatastoreRepository datastores;
    private final DatastoreOccupancy occupancy;
    private final ImageRepository images;
    private final TemplateService templates;
    private final TemplateRepository templateRepository;
    private final QuotaService quotas;
    private final TaskService tasks;
    private final VmProvisioner provisioner;
    private final VmConfigFile files;
    private final VmEventRepository events;
    private final AccessPolicy access;
    private final LocalHost host;
    private final Clock clock;

    VmService(VmRepository vms, TeamRepository teams, DatastoreRepository datastores, DatastoreOccupancy occupancy,
            ImageRepository images, TemplateService templates, TemplateRepository templateRepository,
            QuotaService quotas, TaskService tasks,
            VmProvisioner provisioner, VmConfigFile files, VmEventRepository events, AccessPolicy access, LocalHost host,
            Clock clock) {
        this.vms = vms;
        this.teams = teams;
        this.datastores = datastores;
        this.occupancy = occupancy;
        this.images = images;
        this.templates = templates;
        this.templateRepository = templateRepository;
        this.quotas = quotas;
        this.tasks = tasks;
        this.provisioner = provisioner;
        this.files = files;
        this.events = events;
        this.access = access;
        this.host = host;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Vm> list(VmFilter filter, Pageable pageable) {
        Set<Long> teamIds = access.visibleTeamIds();
        if (filter.teamId() != null) {
            teamIds = teamIds.contains(filter.teamId()) ? Set.of(filter.teamId()) : Set.of(-1L);
        }
        Set<PowerState> states = filter.state() == null ? EnumSet.allOf(PowerState.class) : EnumSet.of(filter.state());
        return vms.search(teamIds, states, filter.q() == null ? "" : filter.q().trim(), pageable);
    }

    @Transactional(readOnly = true)
    public Vm get(Long id) {
        return authorized(id, Permission.VIEW);
    }

    /** Checks the caller's right on a VM; used by the snapshot service for the VM's snapshots. */
    public Vm authorized(Long id, Permission permission) {
        Vm vm = vms.findById(id).orElseThrow(() -> new NotFoundException("VM", id));
        access.require(vm.teamId(), permission, "VM", id);
        return vm;
    }

    /** Records the VM and queues the task that creates its directory and disks. */
    @Audited(action = "vm.create", target = "VM")
    @Transactional
    public Vm create(VmRequest request) {
        access.require(request.teamId(), Permission.CONFIGURE, "Team", request.teamId());
        Team team = teams.findById(request.teamId()).orElseThrow(() -> new NotFoundException("Team", request.teamId()));
        if (vms.existsByTeamIdAndName(team.getId(), request.name())) {
            throw new InvalidFieldException("name", "The team already has a VM named " + request.name());
        }
        Datastore datastore = datastoreFor(request);
        Image bootImage = null;
        Template template = null;
        switch (request.bootSource()) {
            case IMAGE -> bootImage = bootImageFor(request);
            case TEMPLATE -> {
                template = templateFor(request);
                bootImage = template.getImage();
            }
            case DISK -> throw new InvalidFieldException("bootSource", "A VM cannot boot from its disk: the engine"
                    + " boots a kernel directly and has no firmware to load a boot loader. Choose a template or a"
                    + " kernel image");
        }
        Vm vm = new Vm(request.name(), request.description(), team, request.vcpus(), request.memoryMib(),
                request.bootSource(), bootImage, template, datastore, host.name(), AuditLog.currentActor(),
                clock.instant());
        if (template != null && request.disks().isEmpty()) {
            vm.addDisk(template.getDiskGib(), DiskBus.VIRTIO, datastore);
        }
        request.disks().forEach(d -> vm.addDisk(d.sizeGib(), d.busOrDefault(), datastore));
        quotas.ensureRoom(team.getId(), vm.resources());
        Vm saved = vms.save(vm);
        tasks.submit(new TaskSpec("vm.create", "Create VM " + saved.getName(), team.getId(), "VM", saved.getId()),
                progress -> provisioner.provision(saved.getId(), progress));
        return saved;
    }

    @Audited(action = "vm.update", target = "VM")
    @Transactional
    public Vm update(Long id, VmUpdate update) {
        Vm vm = authorized(id, Permission.CONFIGURE);
        if (!vm.getName().equals(update.name()) && vms.existsByTeamIdAndName(vm.teamId(), update.name())) {
            throw new InvalidFieldException("name", "The team already has a VM named " + update.name());
        }
        Resources extra = new Resources(update.vcpus() - vm.getVcpus(), update.memoryMib() - vm.getMemoryMib(), 0, 0);
        if (extra.vcpus() > 0 || extra.memoryMib() > 0) {
            quotas.ensureRoom(vm.teamId(), new Resources(Math.max(0, extra.vcpus()), Math.max(0, extra.memoryMib()),
                    0, 0));
        }
        vm.reconfigure(update.name(), update.description(), update.vcpus(), update.memoryMib(), clock.instant());
        rewriteConfig(vm);
        return vm;
    }

    /** Removes the VM from the inventory, then its directory once the removal committed. */
    @Audited(action = "vm.delete", target = "VM")
    @Transactional
    public void delete(Long id) {
        Vm vm = authorized(id, Permission.CONFIGURE);
        vm.ensureRemovable();
        Path directory = files.directory(vm);
        vm.pointCurrentSnapshotAt(null);
        vms.delete(vm);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    files.removeDirectory(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException("VM removed, but its directory " + directory + " was not", e);
                }
            }
        });
    }

    /**
     * Brings a VM back from its folder in a datastore (after it was removed from the inventory, or copied
     * from elsewhere): its {@code vm.conf} says what it is, its disk files stay as they are. The folder is
     * renamed to the new VM's directory name. Network cards it names are left out, with an event saying so.
     *
     * <p>Only from a datastore granted to the team (or by an administrator), and never a folder the inventory
     * owns: registering another VM's folder would take its disks. Refusals name only what the caller sent.
     */
    @Audited(action = "vm.register", target = "VM")
    @Transactional
    public Vm register(RegisterRequest request) {
        Caller caller = access.require(request.teamId(), Permission.CONFIGURE, "Team", request.teamId());
        Team team = teams.findById(request.teamId()).orElseThrow(() -> new NotFoundException("Team", request.teamId()));
        Datastore datastore = datastores.findById(request.datastoreId())
                .orElseThrow(() -> new InvalidFieldException("datastoreId", "No such datastore"));
        if (!caller.admin() && !datastore.isGrantedTo(team.getId())) {
            throw new AccessDeniedException("Team " + team.getName() + " may not register VMs from datastore "
                    + datastore.getName() + "; an administrator can grant it the datastore");
        }
        Path root = datastore.directory().toAbsolutePath().normalize();
        Path folder = root.resolve(request.folder()).normalize();
        if (folder.startsWith(root) && occupancy.overlapsOwned(folder)) {
            throw new InvalidFieldException("folder", "The folder " + request.folder() + " belongs to a VM or image"
                    + " in the inventory; only a folder nothing in the inventory uses can be registered");
        }
        if (!folder.startsWith(root) || folder.equals(root) || !Files.isRegularFile(folder.resolve(VmConfigFile.FILE_NAME))) {
            throw new InvalidFieldException("folder", "No VM folder " + request.folder() + " (with a "
                    + VmConfigFile.FILE_NAME + ") in datastore " + datastore.getName());
        }
        VmConfig config;
        try {
            config = VmConfig.parse(Files.readString(folder.resolve(VmConfigFile.FILE_NAME)));
        } catch (IOException e) {
            throw new InvalidFieldException("folder", "Cannot read its " + VmConfigFile.FILE_NAME + ": " + e.getMessage());
        }
        if (vms.existsByTeamIdAndName(team.getId(), config.name())) {
            throw new InvalidFieldException("folder", "The team already has a VM named " + config.name());
        }
        Template template = config.template().map(name -> templateRepository.findByName(name).stream()
                .filter(t -> t.isShared() || team.getId().equals(t.teamId())).findFirst()
                .orElseThrow(() -> new InvalidFieldException("folder", "Its template " + name + " does not exist here")))
                .orElse(null);
        Image bootImage = config.bootImage().map(name -> images.findByName(name)
                .orElseThrow(() -> new InvalidFieldException("folder", "Its boot image " + name + " does not exist here")))
                .orElse(null);
        Vm vm = new Vm(config.name(), config.description(), team, config.vcpus(), config.memoryMib(), config.boot(),
                bootImage, template, datastore, host.name(), AuditLog.currentActor(), clock.instant());
        for (VmConfig.Disk disk : config.disks()) {
            if (!Files.isRegularFile(folder.resolve(disk.file()))) {
                throw new InvalidFieldException("folder", "Its disk file " + disk.file() + " is missing");
            }
            vm.addDisk(disk.sizeGib(), disk.bus(), disk.format(), datastore);
        }
        quotas.ensureRoom(team.getId(), vm.resources());
        vm.provisioned(clock.instant());
        Vm saved = vms.saveAndFlush(vm);
        if (!config.nics().isEmpty()) {
            events.save(new VmEvent(saved, clock.instant(), "register", "Its " + VmConfigFile.FILE_NAME + " names "
                    + String.join(", ", config.nics()) + "; they were not brought back: " + VmRequest.NO_NICS));
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
        return saved;
    }

    private void rewriteConfig(Vm vm) {
        if (vm.getPowerState() == PowerState.ERROR) {
            return;
        }
        try {
            files.write(files.directory(vm), files.render(vm));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the configuration of VM " + vm.getName(), e);
        }
    }

    private Datastore datastoreFor(VmRequest request) {
        if (request.datastoreId() == null) {
            return datastores.findAll().stream().findFirst()
                    .orElseThrow(() -> new InvalidFieldException("datastoreId", "No datastore exists yet"));
        }
        return datastores.findById(request.datastoreId())
                .orElseThrow(() -> new InvalidFieldException("datastoreId", "No such datastore"));
    }

    private Image bootImageFor(VmRequest request) {
        if (request.bootImageId() == null) {
            throw new InvalidFieldException("bootImageId", "Choose the kernel image to boot");
        }
        Image image = images.findById(request.bootImageId())
                .orElseThrow(() -> new InvalidFieldException("bootImageId", "No such image"));
        if (!image.isKernel()) {
            throw new InvalidFieldException("bootImageId", "Image " + image.getName() + " is not a kernel image:"
                    + " the engine boots a kernel directly, so it cannot boot an " + image.getKind() + " image");
        }
        return image;
    }

    private Template templateFor(VmRequest request) {
        if (request.templateId() == null) {
            throw new InvalidFieldException("templateId", "Choose the template to start from");
        }
        Template template;
        try {
            template = templates.get(request.templateId());
        } catch (NotFoundException e) {
            throw new InvalidFieldException("templateId", "No such template");
        }
        if (!template.bootsAKernel()) {
            throw new InvalidFieldException("templateId", "Template " + template.getName()
                    + " has no kernel image, so a VM made from it could not boot");
        }
        return template;
    }
}
