package io.vireo.console.template;

import java.time.Clock;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageRepository;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRepository;

@Service
public class TemplateService {

    private final TemplateRepository templates;
    private final TeamRepository teams;
    private final ImageRepository images;
    private final AccessPolicy access;
    private final Clock clock;

    public TemplateService(TemplateRepository templates, TeamRepository teams, ImageRepository images,
            AccessPolicy access, Clock clock) {
        this.templates = templates;
        this.teams = teams;
        this.images = images;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Template> list(String q, Pageable pageable) {
        return templates.search(access.visibleTeamIds(), q == null ? "" : q.trim(), pageable);
    }

    @Transactional(readOnly = true)
    public Template get(Long id) {
        return visible(id);
    }

    /** Shared templates are readable by every user; a team's templates only by its members. */
    Template visible(Long id) {
        Template template = templates.findById(id).orElseThrow(() -> new NotFoundException("Template", id));
        if (!template.isShared()) {
            access.require(template.teamId(), Permission.VIEW, "Template", id);
        }
        return template;
    }

    @Audited(action = "template.create", target = "Template")
    @Transactional
    public Template create(TemplateRequest request) {
        Team team = null;
        if (request.teamId() == null) {
            access.requireAdmin();
        } else {
            access.require(request.teamId(), Permission.CONFIGURE, "Team", request.teamId());
            team = teams.findById(request.teamId()).orElseThrow(() -> new NotFoundException("Team", request.teamId()));
        }
        Image image = kernelImage(request.imageId());
        return templates.save(new Template(request.name(), request.description(), team, request.vcpus(),
                request.memoryMib(), request.diskGib(), image, clock.instant()));
    }

    /** A template's VMs boot its image, so it must be a kernel image (the engine boots nothing else). */
    private Image kernelImage(Long imageId) {
        if (imageId == null) {
            throw new InvalidFieldException("imageId", "Choose the kernel image the template's VMs boot");
        }
        Image image = images.findById(imageId).orElseThrow(() -> new InvalidFieldException("imageId",
                "No such image"));
        if (!image.isKernel()) {
            throw new InvalidFieldException("imageId", "Image " + image.getName() + " is not a kernel image:"
                    + " the engine boots a kernel directly, so VMs could not boot an " + image.getKind() + " image");
        }
        return image;
    }

    @Audited(action = "template.delete", target = "Template")
    @Transactional
    public void delete(Long id) {
        Template template = visible(id);
        if (template.isShared()) {
            access.requireAdmin();
        } else {
            access.require(template.teamId(), Permission.CONFIGURE, "Template", id);
        }
        templates.delete(template);
    }
}
