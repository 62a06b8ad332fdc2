package io.vireo.console.vm;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.KernelFiles;
import io.vireo.console.host.LocalHost;
import io.vireo.console.hosts.Host;
import io.vireo.console.hosts.HostService;
import io.vireo.console.image.Image;
import io.vireo.console.security.Permission;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamService;
import io.vireo.console.template.Template;
import io.vireo.console.template.TemplateDisk;
import io.vireo.console.vm.internal.VmRepository;

/**
 * Creates VMs: records the VM within the team's quota and queues the task that lays out its files. Its first
 * disk may come from a disk image (image → VM), and a template with files gives its VMs its disks (template → VM,
 * "deploy"): copied, or linked over the frozen files.
 */
@Service
public class VmCreation {

    private final VmRepository vms;
    private final TeamService teams;
    private final VmParts parts;
    private final VmCopies copies;
    private final VmNicParts nicParts;
    private final LocalHost host;
    private final VmCdrom cdrom;
    private final HostService hosts;
    private final KernelFiles kernels;
    private final Clock clock;

    VmCreation(VmRepository vms, TeamService teams, VmParts parts, VmCopies copies, VmNicParts nicParts,
            LocalHost host, VmCdrom cdrom, HostService hosts, KernelFiles kernels, Clock clock) {
        this.kernels = kernels;
        this.vms = vms;
        this.teams = teams;
        this.parts = parts;
        this.copies = copies;
        this.nicParts = nicParts;
        this.host = host;
        this.cdrom = cdrom;
        this.hosts = hosts;
        this.clock = clock;
    }

    @Audited(action = "vm.create", target = "VM")
    @Transactional
    public VmView create(VmRequest request) {
        Team team = teams.authorized(request.teamId(), Permission.CONFIGURE);
        if (vms.existsByTeamIdAndName(team.getId(), request.name())) {
            throw new InvalidFieldException("name", "The team already has a VM named " + request.name());
        }
        VmTopology cpus = VmTopology.of(request.vcpus(), request.coresPerSocket(), request.threadsPerCore());
        VmMemory memory = VmMemory.of(request.memoryMib(), request.memoryMinMib());
        Image bootImage = null;
        Template template = null;
        switch (request.bootSource()) {
            case IMAGE -> bootImage = parts.bootImage(request.bootImageId());
            case TEMPLATE -> {
                template = parts.template(request.templateId());
                bootImage = template.getImage();
            }
            case DISK -> {
                if (request.templateId() != null && request.diskImageId() == null) {
                    template = parts.diskTemplate(request.templateId());
                }
                if (request.diskImageId() == null && (template == null || !request.disks().isEmpty())) {
                    throw new InvalidFieldException("diskImageId", "A VM that boots from its disk boots the kernel in"
                            + " its first disk's /boot: choose the disk image (holding a Linux system) that disk is"
                            + " made from, or a template whose disks it gets (and no blank disks)");
                }
            }
        }
        List<DiskSeed> seeds = seeds(request, template);
        Datastore datastore = seeds.stream().anyMatch(DiskSeed::linked) ? linkedStore(request, template)
                : parts.datastore(request.datastoreId());
        GuestArchitecture architecture = Optional.ofNullable(bootImage).filter(Image::isKernel)
                .flatMap(kernel -> kernels.architectureOf(kernel.file())).flatMap(GuestArchitecture::named)
                .orElse(GuestArchitecture.RISCV64);
        Host placedOn = hostFor(request, architecture);
        Vm vm = new Vm(request.name(), request.description(), team, request.vcpus(), request.memoryMib(),
                request.bootSource(), bootImage, template, datastore, placedOn == null ? host.name() : placedOn.getName(),
                AuditLog.currentActor(), clock.instant());
        vm.builtFor(architecture);
        vm.resize(cpus, memory, clock.instant());
        vm.allocateCpu(request.cpu(), clock.instant());
        if (request.cdromImageId() != null) {
            vm.putDisc(cdrom.iso(vm, request.cdromImageId(), "cdromImageId"));
        }
        VmCopies.addSeeded(vm, seeds);
        if (template != null && seeds.isEmpty() && request.disks().isEmpty()) {
            vm.addDisk(template.getDiskGib(), DiskBus.VIRTIO, datastore);
        }
        request.disks().forEach(d -> vm.addDisk(d.sizeGib(), d.busOrDefault(), datastore));
        List<String> macs = new ArrayList<>();
        for (NicRequest nic : request.nics()) {
            NicPlug plug = nicParts.plug(nic, null, macs);
            macs.add(plug.mac());
            vm.addNic(plug);
        }
        Vm created = copies.record(vm, seeds, "vm.create", "Create VM " + vm.getName()).vm();
        if (placedOn != null) {
            hosts.place(created.getId(), placedOn);
        }
        return VmView.of(created);
    }

    /** The libvirt host the VM goes to, or null for the embedded engine: the one asked for, or the scheduler's. */
    private Host hostFor(VmRequest request, GuestArchitecture architecture) {
        if (request.placement() == Placement.AUTO) {
            if (request.hostId() != null) {
                throw new InvalidFieldException("hostId", "Leave hostId out when the scheduler places the VM"
                        + " (placement AUTO), or choose the host with placement CHOSEN");
            }
            return hosts.pick(architecture.label(), request.vcpus(), request.memoryMib()).orElse(null);
        }
        if (request.hostId() == null && architecture != GuestArchitecture.RISCV64) {
            throw new InvalidFieldException("hostId", "It boots an " + architecture.label() + " kernel: the embedded"
                    + " engine runs riscv64 guests only. Choose a libvirt host that runs " + architecture.label()
                    + ", or let the scheduler choose (placement AUTO)");
        }
        return request.hostId() == null ? null : hosts.placeable(request.hostId(), architecture.label());
    }

    /** The frozen files the VM's first disks are made from: a disk image's, or its template's own. */
    private List<DiskSeed> seeds(VmRequest request, Template template) {
        List<DiskSeed> seeds = new ArrayList<>();
        if (request.diskImageId() != null) {
            Image disk = parts.diskImage(request.diskImageId());
            seeds.add(new DiskSeed(disk.getDatastore().directory(), disk.getPath(), parts.virtualGib(disk),
                    request.diskMode()));
        } else if (template != null && template.hasFiles() && request.disks().isEmpty()) {
            for (TemplateDisk disk : template.getDisks()) {
                seeds.add(new DiskSeed(template.getDatastore().directory(),
                        template.directoryName() + "/" + disk.getFileName(), disk.getSizeGib(), request.diskMode()));
            }
        }
        return seeds;
    }

    /** A linked disk names its base relative to the datastore, so the VM lives where its base does. */
    private Datastore linkedStore(VmRequest request, Template template) {
        Datastore base = request.diskImageId() != null ? parts.diskImage(request.diskImageId()).getDatastore()
                : template.getDatastore();
        if (request.datastoreId() != null && !request.datastoreId().equals(base.getId())) {
            throw new InvalidFieldException("datastoreId", "A linked disk stays in the datastore of what it stands on ("
                    + base.getName() + "); choose that one, or a full copy");
        }
        return base;
    }
}
