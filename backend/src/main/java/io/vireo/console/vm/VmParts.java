package io.vireo.console.vm;

import java.io.IOException;

import org.springframework.stereotype.Component;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageService;
import io.vireo.console.template.Template;
import io.vireo.console.template.TemplateService;

/**
 * Finds what a new or registered VM is made of in the modules that own it (its datastore and the kernel it
 * boots), and says which field names something that does not exist or cannot boot.
 */
@Component
class VmParts {

    private final DatastoreService datastores;
    private final ImageService images;
    private final TemplateService templates;
    private final DiskImages files;

    VmParts(DatastoreService datastores, ImageService images, TemplateService templates, DiskImages files) {
        this.datastores = datastores;
        this.images = images;
        this.templates = templates;
        this.files = files;
    }

    /** The datastore a request names, or the first one when it names none. */
    Datastore datastore(Long id) {
        if (id == null) {
            return datastores.first()
                    .orElseThrow(() -> new InvalidFieldException("datastoreId", "No datastore exists yet"));
        }
        return datastores.find(id).orElseThrow(() -> new InvalidFieldException("datastoreId", "No such datastore"));
    }

    /** A kernel image: the engine boots a kernel directly, so nothing else can be booted. */
    Image bootImage(Long id) {
        if (id == null) {
            throw new InvalidFieldException("bootImageId", "Choose the kernel image to boot");
        }
        Image image = images.find(id).orElseThrow(() -> new InvalidFieldException("bootImageId", "No such image"));
        if (!image.isKernel()) {
            throw new InvalidFieldException("bootImageId", "Image " + image.getName() + " is not a kernel image:"
                    + " the engine boots a kernel directly, so it cannot boot an " + image.getKind() + " image");
        }
        return image;
    }

    /** A disk image the caller may use, which a new VM's first disk is copied from or stands on. */
    Image diskImage(Long id) {
        Image image;
        try {
            image = images.get(id);
        } catch (NotFoundException e) {
            throw new InvalidFieldException("diskImageId", "No such image");
        }
        if (!image.isDisk()) {
            throw new InvalidFieldException("diskImageId", "Image " + image.getName() + " is not a disk image");
        }
        return image;
    }

    /** The size the guest sees of a disk image, in whole GiB (rounded up). */
    long virtualGib(Image disk) {
        try {
            return Math.max(1, (files.inspect(disk.file(), disk.getDatastore().directory()).virtualSize() + (1L << 30) - 1) >> 30);
        } catch (IOException e) {
            throw new ConflictException("Image unreadable", "Image " + disk.getName() + " cannot be read: "
                    + e.getMessage());
        }
    }

    /** A template the caller may see, whose kernel image its VMs boot. */
    Template template(Long id) {
        Template template = visibleTemplate(id);
        if (!template.bootsAKernel()) {
            throw new InvalidFieldException("templateId", "Template " + template.getName()
                    + " has no kernel image, so a VM made from it could not boot");
        }
        return template;
    }

    /** A template the caller may see, with disks: a VM that boots from its disk boots what they hold. */
    Template diskTemplate(Long id) {
        Template template = visibleTemplate(id);
        if (!template.hasFiles()) {
            throw new InvalidFieldException("templateId", "Template " + template.getName() + " has no disks, so a VM"
                    + " that boots from its disk has nothing to boot");
        }
        return template;
    }

    private Template visibleTemplate(Long id) {
        if (id == null) {
            throw new InvalidFieldException("templateId", "Choose the template to start from");
        }
        try {
            return templates.visible(id);
        } catch (NotFoundException e) {
            throw new InvalidFieldException("templateId", "No such template");
        }
    }

    /** The parts a {@code vm.conf} names, which must exist here; any complaint names the folder. */
    Template templateNamed(String name, Long teamId) {
        return templates.findForTeam(name, teamId)
                .orElseThrow(() -> new InvalidFieldException("folder", "Its template " + name + " does not exist here"));
    }

    Image imageNamed(String name) {
        return images.findByName(name)
                .orElseThrow(() -> new InvalidFieldException("folder", "Its boot image " + name + " does not exist here"));
    }
}
