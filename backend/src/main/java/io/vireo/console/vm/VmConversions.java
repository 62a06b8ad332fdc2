package io.vireo.console.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.FrozenFiles;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.host.LocalHost;
import io.vireo.console.image.DiskImageMaker;
import io.vireo.console.image.ImageName;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.security.Permission;
import io.vireo.console.task.Task;
import io.vireo.console.template.Template;
import io.vireo.console.template.TemplateDisk;
import io.vireo.console.template.TemplateService;
import io.vireo.console.template.TemplateView;
import io.vireo.console.vm.internal.VmRepository;

/**
 * The arrows of the conversion matrix that turn a VM into something else, or something else into a VM by taking
 * over its files: VM → template (the VM's folder becomes the template's), template → VM (the reverse), VM → image
 * (its first disk flattened into a disk image). Deploying VMs from a template and making a VM from a disk image
 * are {@link VmCreation}'s.
 */
@Service
public class VmConversions {

    private final VmQueries queries;
    private final VmRepository vms;
    private final TemplateService templates;
    private final DiskImageMaker images;
    private final FrozenFiles frozen;
    private final QuotaService quotas;
    private final VmConfigFile files;
    private final HostDriver hosts;
    private final VmDiskLocks diskLocks;
    private final ObjectProvider<VmSnapshotTree> trees;
    private final LocalHost host;
    private final Clock clock;

    VmConversions(VmQueries queries, VmRepository vms, TemplateService templates, DiskImageMaker images,
            FrozenFiles frozen, QuotaService quotas, VmConfigFile files, HostDriver hosts, VmDiskLocks diskLocks,
            ObjectProvider<VmSnapshotTree> trees, LocalHost host, Clock clock) {
        this.queries = queries;
        this.vms = vms;
        this.templates = templates;
        this.images = images;
        this.frozen = frozen;
        this.quotas = quotas;
        this.files = files;
        this.hosts = hosts;
        this.diskLocks = diskLocks;
        this.trees = trees;
        this.host = host;
        this.clock = clock;
    }

    /**
     * VM → template: a stopped VM without snapshots, on whose files nothing stands, becomes a template of its team
     * with its shape, kernel and disks; its folder is renamed {@code template-<id>} (the chains stay as they are)
     * and the VM is gone.
     */
    @Audited(action = "vm.to-template", target = "Template")
    @Transactional
    public TemplateView toTemplate(Long id, TemplateName request) {
        Vm vm = queries.authorized(id, Permission.CONFIGURE);
        vm.ensureVirtioDisksOnly("making a template of it");
        return becomeTemplate(vm, request.nameOr(vm.getName()));
    }

    /**
     * As {@link #toTemplate}, for a VM whose caller's right was checked before (an import asked for as a template,
     * whose task runs without a caller).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    TemplateView becomeTemplate(Vm vm, String name) {
        Long id = vm.getId();
        requireStopped(vm, "turned into a template");
        VmSnapshotTree tree = trees.getIfAvailable();
        if (tree != null && !tree.saved(id).isEmpty()) {
            throw new ConflictException("VM has snapshots", "VM " + vm.getName() + " has snapshots: delete or"
                    + " consolidate its snapshots first");
        }
        frozen.ensureNoDependants(vm.getDatastore(), vm.directoryName(), "VM " + vm.getName());
        Template template = new Template(name, vm.getDescription(), vm.getTeam(),
                vm.getVcpus(), vm.getMemoryMib(), vm.getDisks().isEmpty() ? 1 : vm.getDisks().getFirst().getSizeGib(),
                VmLaunches.bootKernel(vm).orElse(null), clock.instant());
        for (VmDisk disk : vm.getDisks()) {
            template.addDisk(disk.fileName(), disk.getFormat().name(), disk.getSizeGib(), disk.getBasePath());
        }
        Template saved = templates.recordWithFiles(template, vm.getDatastore());
        Path from = vm.folder();
        vm.pointCurrentSnapshotAt(null);
        vms.delete(vm);
        vms.flush();
        moveFolder(from, saved.folder());
        deleteIfPresent(saved.folder().resolve(VmConfigFile.FILE_NAME));
        return TemplateView.of(saved);
    }

    /**
     * Template → VM: a template of a team, with files nothing stands on, becomes a VM of that team again (named as
     * the template, which goes); its folder becomes the VM's.
     */
    @Audited(action = "template.to-vm", target = "VM")
    @Transactional
    public VmView fromTemplate(Long templateId) {
        Template template = templates.changeable(templateId);
        if (!template.hasFiles()) {
            throw new ConflictException("Template has no disks", "Template " + template.getName() + " has no files"
                    + " to become a VM's: deploy a VM from it instead");
        }
        if (template.isShared()) {
            throw new ConflictException("Shared template", "Shared template " + template.getName() + " belongs to no"
                    + " team that could own the VM: deploy a VM from it instead");
        }
        if (vms.existsByTeamIdAndName(template.teamId(), template.getName())) {
            throw new InvalidFieldException("name", "The team already has a VM named " + template.getName());
        }
        frozen.ensureNoDependants(template.getDatastore(), template.directoryName(),
                "Template " + template.getName());
        // A template without a kernel was a VM that booted from its disk, and its disks still hold that kernel.
        Vm vm = new Vm(template.getName(), template.getDescription(), template.getTeam(), template.getVcpus(),
                template.getMemoryMib(), template.getImage() == null ? BootSource.DISK : BootSource.IMAGE,
                template.getImage(), null, template.getDatastore(),
                host.name(), AuditLog.currentActor(), clock.instant());
        for (TemplateDisk disk : template.getDisks()) {
            vm.addDisk(disk.getSizeGib(), DiskBus.VIRTIO, DiskFormat.valueOf(disk.getFormat()), vm.getDatastore(),
                    disk.getFileName());
            if (disk.getBasePath() != null) {
                vm.getDisks().getLast().standOn(disk.getBasePath());
            }
        }
        quotas.ensureRoom(vm.teamId(), vm.resources());
        vm.provisioned(clock.instant());
        Path from = template.folder();
        templates.handOver(template);
        Vm saved = vms.saveAndFlush(vm);
        moveFolder(from, saved.folder());
        try {
            files.write(saved.folder(), files.render(saved));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the configuration of VM " + saved.getName(), e);
        }
        return VmView.of(saved);
    }

    /** VM → image: the stopped VM's first disk, flattened into a disk image of its team. */
    @Audited(action = "vm.to-image", target = "VM")
    @Transactional
    public Task toImage(Long id, ImageName request) {
        Vm vm = queries.authorized(id, Permission.CONFIGURE);
        requireStopped(vm, "copied into an image");
        if (vm.getDisks().isEmpty()) {
            throw new ConflictException("VM has no disks", "VM " + vm.getName() + " has no disk to make an image of");
        }
        diskLocks.ensureIdle(id, vm.getName());
        String name = vm.getName();
        return images.make(request.name(), vm.getTeam(), vm.getDatastore(),
                vm.folder().resolve(vm.getDisks().getFirst().fileName()), "VM " + name,
                copy -> diskLocks.exclusively(id, name, () -> {
                    copy.run();
                    return null;
                }));
    }

    private void requireStopped(Vm vm, String becoming) {
        if (vm.getPowerState() != PowerState.STOPPED || hosts.state(vm.getId()) != RuntimeState.OFF) {
            throw new ConflictException("VM is not stopped", "VM " + vm.getName() + " is "
                    + vm.getPowerState().name().toLowerCase() + ": stop it before it is " + becoming);
        }
    }

    /** Renames the folder now, and back if the transaction that needed it rolls back. */
    private static void moveFolder(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not move " + from + " to " + to, e);
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_ROLLED_BACK) {
                    try {
                        Files.move(to, from);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Rolled back, but " + to + " was not moved back to " + from, e);
                    }
                }
            }
        });
    }

    private static void deleteIfPresent(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
