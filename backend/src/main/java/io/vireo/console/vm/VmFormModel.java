package io.vireo.console.vm;

import java.util.ArrayList;
import java.util.List;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;

import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.hosts.HostService;
import io.vireo.console.hosts.HostState;
import io.vireo.console.hosts.HostView;
import io.vireo.console.image.ImageKind;
import io.vireo.console.image.ImageService;
import io.vireo.console.image.ImageView;
import io.vireo.console.network.NetworkService;
import io.vireo.console.network.NetworkView;
import io.vireo.console.security.Permission;
import io.vireo.console.team.TeamService;
import io.vireo.console.template.TemplateService;
import io.vireo.console.template.TemplateView;
import io.vireo.console.vm.internal.VmForm;

/**
 * What the create form offers to choose from (teams, the templates and kernel images a VM can boot,
 * datastores, networks; a new VM starts with a NIC on the network "default") and the quota bars of what it asks for, each read from the module that owns it.
 */
@Component
class VmFormModel {

    private static final PageRequest CHOICES = PageRequest.of(0, 200, Sort.by("name"));

    private final TeamService teams;
    private final TemplateService templates;
    private final ImageService images;
    private final DatastoreService datastores;
    private final NetworkService networks;
    private final VmParts parts;
    private final HostService hosts;

    VmFormModel(TeamService teams, TemplateService templates, ImageService images, DatastoreService datastores,
            NetworkService networks, VmParts parts, HostService hosts) {
        this.hosts = hosts;
        this.teams = teams;
        this.templates = templates;
        this.images = images;
        this.datastores = datastores;
        this.networks = networks;
        this.parts = parts;
    }

    /**
     * A new form for the caller's first team, starting from the template {@code templateId} (the catalog's
     * "Create VM") or else the first template a VM can boot.
     */
    VmForm blank(Long templateId) {
        VmForm form = new VmForm();
        if (templateId != null) {
            form.startFrom(templates.get(templateId));
        } else {
            templates.bootable(CHOICES).stream().findFirst().ifPresent(form::startFrom);
        }
        teams.teamsWhereCallerCan(Permission.CONFIGURE).stream().findFirst().ifPresent(t -> form.setTeamId(t.id()));
        networks.byName(NetworkService.DEFAULT).ifPresent(n -> form.getNics().add(new VmForm.NicRow(n.getId())));
        return form;
    }

    void addChoices(Model model) {
        model.addAttribute("teams", teams.teamsWhereCallerCan(Permission.CONFIGURE));
        model.addAttribute("templates", templates.bootable(CHOICES));
        model.addAttribute("images", images.ofKind(ImageKind.KERNEL).stream().map(ImageView::of).toList());
        model.addAttribute("diskImages", images.ofKind(ImageKind.DISK).stream().map(ImageView::of).toList());
        model.addAttribute("isoImages", images.ofKind(ImageKind.ISO).stream().map(ImageView::of).toList());
        model.addAttribute("diskModes", DiskMode.values());
        model.addAttribute("datastores", datastores.summaries(CHOICES));
        model.addAttribute("networks", networks.list("", CHOICES).map(NetworkView::of).toList());
        model.addAttribute("bootSources", BootSource.OFFERED);
        model.addAttribute("hostChoices", hostChoices());
    }

    /** A host select's option: its form value and what it shows. */
    record HostChoice(String value, String label) {
    }

    /** "Automatic", then every host that takes new VMs now, with what it has free. */
    private List<HostChoice> hostChoices() {
        List<HostChoice> choices = new ArrayList<>();
        choices.add(new HostChoice(VmForm.AUTO, "Automatic (the scheduler chooses)"));
        for (HostView host : hosts.list()) {
            if (host.state() == HostState.CONNECTED) {
                choices.add(new HostChoice(host.id() == null ? VmForm.LOCAL : host.id().toString(), label(host)));
            }
        }
        return choices;
    }

    private static String label(HostView host) {
        String name = host.id() == null ? host.name() + " (embedded engine)" : host.name();
        String guests = String.join(", ", host.guestArchitectures());
        if (host.usage() == null || host.cpus() == null) {
            return name + ": " + guests;
        }
        return name + ": " + guests + "; " + host.usage().freeCores(host.cpus()) + " of " + host.cpus()
                + " cores, " + host.usage().freeMemoryMib() + " MiB free";
    }

    /** The quota bars, once the form names a team the caller may see. */
    void addImpact(VmForm form, Model model) {
        if (form.getTeamId() == null) {
            return;
        }
        Long templateDisk = null;
        Long seeded = null;
        try {
            if (form.getDiskImageId() != null) {
                seeded = form.getDiskMode() == DiskMode.LINKED ? 1
                        : parts.virtualGib(parts.diskImage(form.getDiskImageId()));
            } else if (form.getTemplateId() != null && form.getBootSource() == BootSource.TEMPLATE) {
                TemplateView template = templates.get(form.getTemplateId());
                templateDisk = template.diskGib();
                if (template.hasFiles() && form.getDisks().isEmpty()) {
                    seeded = form.getDiskMode() == DiskMode.LINKED ? template.disks().size()
                            : template.disks().stream().mapToLong(TemplateView.Disk::sizeGib).sum();
                }
            }
        } catch (ErrorResponseException unknownImageOrTemplate) {
            seeded = null;
        }
        try {
            model.addAttribute("impact", teams.quota(form.getTeamId(), form.demand(templateDisk, seeded)));
        } catch (ErrorResponseException notAMember) {
            model.addAttribute("impact", null);
        }
    }
}
