package io.vireo.console.template;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.FolderRemoval;
import io.vireo.console.datastore.FrozenFiles;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageService;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamService;
import io.vireo.console.template.internal.TemplateRepository;

/**
 * Templates: shared ones every user may read, a team's own for its members. The {@code find…} methods
 * check no caller: other modules use them inside work they checked, or in tasks that run without one.
 */
@Service
public class TemplateService {

    private final TemplateRepository templates;
    private final TeamService teams;
    private final ImageService images;
    private final FrozenFiles frozen;
    private final FolderRemoval removal;
    private final AccessPolicy access;
    private final Clock clock;

    TemplateService(TemplateRepository templates, TeamService teams, ImageService images, FrozenFiles frozen,
            FolderRemoval removal, AccessPolicy access, Clock clock) {
        this.templates = templates;
        this.teams = teams;
        this.images = images;
        this.frozen = frozen;
        this.removal = removal;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<TemplateView> list(String q, Pageable pageable) {
        return templates.search(access.visibleTeamIds(), q == null ? "" : q.trim(), pageable).map(TemplateView::of);
    }

    /** The templates the caller may see whose VMs can boot (they name a kernel image). */
    @Transactional(readOnly = true)
    public List<TemplateView> bootable(Pageable pageable) {
        return templates.search(access.visibleTeamIds(), "", pageable).stream().filter(Template::bootsAKernel)
                .map(TemplateView::of).toList();
    }

    @Transactional(readOnly = true)
    public TemplateView get(Long id) {
        return TemplateView.of(visible(id));
    }

    /** The template, if the caller may see it: shared ones are readable by every user, a team's by its members. */
    @Transactional(readOnly = true)
    public Template visible(Long id) {
        Template template = templates.findById(id).orElseThrow(() -> new NotFoundException("Template", id));
        if (!template.isShared()) {
            access.require(template.teamId(), Permission.VIEW, "Template", id);
        }
        return template;
    }

    /** The template of this name that the team may use: a shared one or its own. */
    @Transactional(readOnly = true)
    public Optional<Template> findForTeam(String name, Long teamId) {
        return templates.findByName(name).stream().filter(t -> t.isShared() || teamId.equals(t.teamId())).findFirst();
    }

    @Transactional(readOnly = true)
    public Optional<TemplateView> findShared(String name) {
        return templates.findByName(name).stream().filter(Template::isShared).findFirst().map(TemplateView::of);
    }

    @Audited(action = "template.create", target = "Template")
    @Transactional
    public TemplateView create(TemplateRequest request) {
        Team team = owner(request.teamId());
        Image image = kernelImage("imageId", request.imageId());
        return TemplateView.of(templates.save(new Template(request.name(), request.description(), team,
                request.vcpus(), request.memoryMib(), request.diskGib(), image, clock.instant())));
    }

    /** A built appliance becomes a shared template, unless one of that name is there already. */
    @Transactional
    public void shareUnlessPresent(String name, String description, int vcpus, long memoryMib, long diskGib,
            Image image) {
        if (templates.findByName(name).stream().noneMatch(Template::isShared)) {
            templates.save(new Template(name, description, null, vcpus, memoryMib, diskGib, image, clock.instant()));
        }
    }

    /** The team a new template goes to, which the caller may configure; none (shared) takes an administrator. */
    Team owner(Long teamId) {
        if (teamId == null) {
            access.requireAdmin();
            return null;
        }
        return teams.authorized(teamId, Permission.CONFIGURE);
    }

    /**
     * A new template with its own files in {@code datastore}: its folder {@code template-<id>} is for the caller to
     * fill (a VM's folder moved there, or a copy of a disk image). The caller checked the rights and the room. One
     * without a kernel image was a VM that booted from its disk, and its VMs boot from theirs.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Template recordWithFiles(Template template, Datastore datastore) {
        if (template.getImage() != null && !template.bootsAKernel()) {
            throw new InvalidFieldException("kernelImageId", "A template needs a kernel image its VMs boot");
        }
        template.keepFilesIn(datastore);
        return templates.saveAndFlush(template);
    }

    /** A template's VMs boot its image, so it must be a kernel image (the engine boots nothing else). */
    Image kernelImage(String field, Long imageId) {
        if (imageId == null) {
            throw new InvalidFieldException(field, "Choose the kernel image the template's VMs boot");
        }
        Image image = images.find(imageId).filter(i -> i.isShared() || access.visibleTeamIds().contains(i.teamId()))
                .orElseThrow(() -> new InvalidFieldException(field, "No such image"));
        if (!image.isKernel()) {
            throw new InvalidFieldException(field, "Image " + image.getName() + " is not a kernel image:"
                    + " the engine boots a kernel directly, so VMs could not boot an " + image.getKind() + " image");
        }
        return image;
    }

    /** The template, if the caller may change it: a shared one needs an administrator, a team's its CONFIGURE. */
    @Transactional(readOnly = true)
    public Template changeable(Long id) {
        Template template = visible(id);
        if (template.isShared()) {
            access.requireAdmin();
        } else {
            access.require(template.teamId(), Permission.CONFIGURE, "Template", id);
        }
        return template;
    }

    /**
     * The template becomes a VM: its row goes, its folder stays for the VM that takes it over. The caller checked the
     * right to change it and that nothing stands on its files.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void handOver(Template template) {
        templates.flush();
        templates.deleteRow(template.getId());
    }

    /** Its folder goes with it, unless linked disks of VMs deployed from it still stand on its files. */
    @Audited(action = "template.delete", target = "Template")
    @Transactional
    public void delete(Long id) {
        Template template = changeable(id);
        if (template.hasFiles()) {
            frozen.ensureNoDependants(template.getDatastore(), template.directoryName(), "Template " + template.getName());
            removal.removeAfterCommit(template.folder());
        }
        templates.delete(template);
    }
}
