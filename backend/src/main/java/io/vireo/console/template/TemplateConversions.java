package io.vireo.console.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.LongFunction;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.datastore.FolderRemoval;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.image.DiskImageMaker;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageName;
import io.vireo.console.image.ImageService;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.quota.Resources;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskProgress;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;
import io.vireo.console.team.Team;
import io.vireo.console.template.internal.TemplateRepository;

/** Two arrows of the conversion matrix that start or end at a template without a VM: template → image, image → template. */
@Service
public class TemplateConversions {
    private static final long GIB = 1L << 30;

    private final TemplateService templates;
    private final TemplateRepository repository;
    private final ImageService images;
    private final DiskImageMaker maker;
    private final DatastoreService datastores;
    private final QuotaService quotas;
    private final DiskImages disks;
    private final TaskService tasks;
    private final FolderRemoval removal;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TemplateConversions(TemplateService templates, TemplateRepository repository, ImageService images,
            DiskImageMaker maker, DatastoreService datastores, QuotaService quotas, DiskImages disks, TaskService tasks,
            FolderRemoval removal, TransactionTemplate transactions, Clock clock) {
        this.templates = templates;
        this.repository = repository;
        this.images = images;
        this.maker = maker;
        this.datastores = datastores;
        this.quotas = quotas;
        this.disks = disks;
        this.tasks = tasks;
        this.removal = removal;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Template → image: the template's first disk, flattened into an image of the template's team. */
    @Audited(action = "template.image", target = "Template")
    @Transactional
    public Task toImage(Long id, ImageName request) {
        Template template = templates.changeable(id);
        if (!template.hasFiles()) {
            throw new ConflictException("Template has no disks", "Template " + template.getName() + " has no disk"
                    + " files (its VMs each get a blank disk), so there is nothing to make an image of");
        }
        Path source = template.folder().resolve(template.getDisks().getFirst().getFileName());
        return maker.make(request.name(), template.getTeam(), template.getDatastore(), source,
                "template " + template.getName(), DiskImageMaker.SourceHold.NONE);
    }

    /**
     * Image → template: a template whose first disk is a copy of the image, in the image's datastore. The copy is
     * a task; if it fails the template goes again.
     */
    @Audited(action = "template.from-image", target = "Template")
    @Transactional
    public TemplateView fromImage(ImageTemplateRequest request) {
        Team team = templates.owner(request.teamId());
        Image image = images.get(request.imageId());
        if (!image.isDisk()) {
            throw new InvalidFieldException("imageId", "Image " + image.getName() + " is not a disk image");
        }
        Image kernel = templates.kernelImage("kernelImageId", request.kernelImageId());
        if (team != null) {
            quotas.ensureRoom(team.getId(), new Resources(0, 0, (image.getSizeBytes() + GIB - 1) / GIB, 0));
        }
        Template saved = recordCopyOf(image, sizeGib -> new Template(request.name(), request.description(),
                team, request.vcpus(), request.memoryMib(), sizeGib, kernel, clock.instant()));
        Long templateId = saved.getId();
        Path source = image.file();
        Path target = saved.folder();
        tasks.submit(new TaskSpec("template.create", "Copy image " + image.getName() + " into template "
                + saved.getName(), saved.teamId(), "Template", templateId),
                progress -> copy(templateId, source, target, progress));
        return TemplateView.of(saved);
    }

    /**
     * A built appliance's disk image → a shared template whose VMs boot from their copy of it (it has no kernel
     * image), unless a shared template of that name is there already. Runs inside the caller's task, which makes
     * the template's copy of the image.
     */
    public void shareBootableDisk(String name, String description, int vcpus, long memoryMib, Long imageId,
            TaskProgress progress) throws IOException {
        record Copy(Long templateId, Path source, Path target) {
        }
        Copy copy = transactions.execute(status -> {
            if (templates.findShared(name).isPresent()) {
                return null;
            }
            Image image = images.find(imageId).orElseThrow();
            Template saved = recordCopyOf(image, sizeGib -> new Template(name, description, null, vcpus, memoryMib,
                    sizeGib, null, clock.instant()));
            return new Copy(saved.getId(), image.file(), saved.folder());
        });
        if (copy != null) {
            copy(copy.templateId(), copy.source(), copy.target(), progress);
        }
    }

    /** Records the template (of the image's size in GiB) with one disk, in the image's datastore. */
    private Template recordCopyOf(Image image, LongFunction<Template> ofSizeGib) {
        long sizeGib = Math.max(1, (inspect(image).virtualSize() + GIB - 1) / GIB);
        Template template = ofSizeGib.apply(sizeGib);
        datastores.ensureRoom(image.getDatastore(), image.getSizeBytes(), "Template " + template.getName());
        template.addDisk("disk0.qcow2", "QCOW2", sizeGib, null);
        return templates.recordWithFiles(template, image.getDatastore());
    }

    private DiskImages.Inspection inspect(Image image) {
        try {
            return disks.inspect(image.file(), image.getDatastore().directory());
        } catch (IOException e) {
            throw new ConflictException("Image unreadable", "Image " + image.getName() + " cannot be read: "
                    + e.getMessage());
        }
    }

    private void copy(Long templateId, Path source, Path folder, TaskProgress progress) throws IOException {
        progress.report(5);
        try {
            Files.createDirectories(folder);
            disks.flatten(source, folder.resolve("disk0.qcow2"));
            progress.report(100);
        } catch (IOException | RuntimeException e) {
            removal.remove(folder);
            transactions.executeWithoutResult(status -> repository.deleteById(templateId));
            throw e;
        }
    }
}
