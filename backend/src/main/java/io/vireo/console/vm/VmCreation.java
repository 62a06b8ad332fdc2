package io.vireo.console.vm;

import java.time.Clock;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.host.LocalHost;
import io.vireo.console.image.Image;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.security.Permission;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamService;
import io.vireo.console.template.Template;
import io.vireo.console.vm.internal.VmRepository;

/** Creates VMs: records the VM within the team's quota and queues the task that lays out its files. */
@Service
public class VmCreation {

    private final VmRepository vms;
    private final TeamService teams;
    private final VmParts parts;
    private final QuotaService quotas;
    private final VmProvisioner provisioner;
    private final LocalHost host;
    private final Clock clock;

    VmCreation(VmRepository vms, TeamService teams, VmParts parts, QuotaService quotas, VmProvisioner provisioner,
            LocalHost host, Clock clock) {
        this.vms = vms;
        this.teams = teams;
        this.parts = parts;
        this.quotas = quotas;
        this.provisioner = provisioner;
        this.host = host;
        this.clock = clock;
    }

    @Audited(action = "vm.create", target = "VM")
    @Transactional
    public VmView create(VmRequest request) {
        Team team = teams.authorized(request.teamId(), Permission.CONFIGURE);
        if (vms.existsByTeamIdAndName(team.getId(), request.name())) {
            throw new InvalidFieldException("name", "The team already has a VM named " + request.name());
        }
        Datastore datastore = parts.datastore(request.datastoreId());
        Image bootImage = null;
        Template template = null;
        switch (request.bootSource()) {
            case IMAGE -> bootImage = parts.bootImage(request.bootImageId());
            case TEMPLATE -> {
                template = parts.template(request.templateId());
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
        provisioner.start(saved);
        return VmView.of(saved);
    }
}
