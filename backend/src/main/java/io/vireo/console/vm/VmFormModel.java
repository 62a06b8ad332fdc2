package io.vireo.console.vm;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;

import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.image.ImageService;
import io.vireo.console.image.ImageView;
import io.vireo.console.network.NetworkService;
import io.vireo.console.network.NetworkView;
import io.vireo.console.security.Permission;
import io.vireo.console.team.TeamService;
import io.vireo.console.template.TemplateService;
import io.vireo.console.vm.internal.VmForm;

/**
 * What the create form offers to choose from (teams, templates, images, networks, datastores) and the
 * quota bars of what it asks for, each read from the module that owns it.
 */
@Component
class VmFormModel {

    private static final PageRequest CHOICES = PageRequest.of(0, 200, Sort.by("name"));

    private final TeamService teams;
    private final TemplateService templates;
    private final ImageService images;
    private final NetworkService networks;
    private final DatastoreService datastores;

    VmFormModel(TeamService teams, TemplateService templates, ImageService images, NetworkService networks,
            DatastoreService datastores) {
        this.teams = teams;
        this.templates = templates;
        this.images = images;
        this.networks = networks;
        this.datastores = datastores;
    }

    /** A new form for the caller's first team with one network card, or a copy of the template. */
    VmForm blank(Long templateId) {
        VmForm form = new VmForm();
        if (templateId != null) {
            form.startFrom(templates.get(templateId));
        }
        teams.teamsWhereCallerCan(Permission.CONFIGURE).stream().findFirst().ifPresent(t -> form.setTeamId(t.id()));
        networks.list("", CHOICES).stream().findFirst()
                .ifPresent(n -> form.getNics().add(new VmForm.NicRow(n.getId(), NicModel.VIRTIO)));
        return form;
    }

    void addChoices(Model model) {
        model.addAttribute("teams", teams.teamsWhereCallerCan(Permission.CONFIGURE));
        model.addAttribute("templates", templates.list("", CHOICES).toList());
        model.addAttribute("images", images.list("", CHOICES).map(ImageView::of).toList());
        model.addAttribute("networks", networks.list("", CHOICES).map(NetworkView::of).toList());
        model.addAttribute("datastores", datastores.views("", CHOICES).toList());
        model.addAttribute("bootSources", BootSource.values());
        model.addAttribute("buses", DiskBus.values());
        model.addAttribute("models", NicModel.values());
    }

    /** The quota bars, once the form names a team the caller may see. */
    void addImpact(VmForm form, Model model) {
        if (form.getTeamId() == null) {
            return;
        }
        Long templateDisk = null;
        if (form.getTemplateId() != null) {
            try {
                templateDisk = templates.get(form.getTemplateId()).diskGib();
            } catch (ErrorResponseException unknownTemplate) {
                templateDisk = null;
            }
        }
        try {
            model.addAttribute("impact", teams.quota(form.getTeamId(), form.demand(templateDisk)));
        } catch (ErrorResponseException notAMember) {
            model.addAttribute("impact", null);
        }
    }
}
