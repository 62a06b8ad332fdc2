package io.vireo.console.template;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.image.ImageService;
import io.vireo.console.quota.ResourceUsage;
import io.vireo.console.quota.Resources;
import io.vireo.console.template.internal.TemplateRepository;

/**
 * A team's templates and disk images hold disk space: what their files measure now, rounded up to whole GiB
 * (a template without files holds nothing; its VMs' disks count as theirs).
 */
@Component
class TemplateResourceUsage implements ResourceUsage {
    private static final long GIB = 1L << 30;

    private final TemplateRepository templates;
    private final ImageService images;

    TemplateResourceUsage(TemplateRepository templates, ImageService images) {
        this.templates = templates;
        this.images = images;
    }

    @Override
    @Transactional(readOnly = true)
    public Resources heldBy(Long teamId) {
        long bytes = templates.findWithFilesOfTeam(teamId).stream().mapToLong(Template::sizeOnDisk).sum()
                + images.bytesOwnedBy(teamId);
        return new Resources(0, 0, (bytes + GIB - 1) / GIB, 0);
    }
}
