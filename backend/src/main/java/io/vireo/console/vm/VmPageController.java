package io.vireo.console.vm;

import java.time.Duration;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageService;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Caller;
import io.vireo.console.security.Permission;
import io.vireo.console.snapshot.SnapshotService;
import io.vireo.console.team.MemberView;
import io.vireo.console.team.TeamService;
import io.vireo.console.template.Template;
import io.vireo.console.template.TemplateService;
import io.vireo.console.template.TemplateView;
import io.vireo.console.web.FormErrors;
import io.vireo.console.web.PageActions;

@Controller
@RequestMapping("/vms")
class VmPageController {

    private static final PageRequest CHOICES = PageRequest.of(0, 200, Sort.by("name"));

    private final VmService vms;
    private final SnapshotService snapshots;
    private final TeamService teams;
    private final TemplateService templates;
    private final ImageService images;
    private final DatastoreService datastores;
    private final QuotaService quotas;
    private final FormErrors formErrors;
    private final PageActions actions;
    private final VmPowerService power;
    private final VmDetails details;
    private final AccessPolicy access;
    private final VmCharts charts;
    private final VmLaunches launches;

    VmPageController(VmService vms, SnapshotService snapshots, TeamService teams, TemplateService templates,
            ImageService images, DatastoreService datastores, QuotaService quotas,
            FormErrors formErrors, PageActions actions, VmPowerService power, VmDetails details, AccessPolicy access,
            VmCharts charts, VmLaunches launches) {
        this.vms = vms;
        this.snapshots = snapshots;
        this.teams = teams;
        this.templates = templates;
        this.images = images;
        this.datastores = datastores;
        this.quotas = quotas;
        this.formErrors = formErrors;
        this.actions = actions;
        this.power = power;
        this.details = details;
        this.access = access;
        this.charts = charts;
        this.launches = launches;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) PowerState state,
            @RequestParam(required = false) Long teamId,
            @PageableDefault(size = 25, sort = "name") Pageable pageable,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Page<VmView> page = vms.list(new VmFilter(q, teamId, state), pageable).map(VmView::of);
        model.addAttribute("page", page);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("state", state);
        model.addAttribute("states", PowerState.values());
        model.addAttribute("registerTeams", teams.teamsWhereCallerCan(Permission.CONFIGURE));
        model.addAttribute("datastores", datastores.list("", CHOICES).toList());
        return htmx != null ? "vms/list :: results" : "vms/list";
    }

    /**
     * With {@code templateId} (the catalog's "Create VM") the form starts from that template, else from the
     * first template a VM can boot.
     */
    @GetMapping("/new")
    String newVm(@RequestParam(required = false) Long templateId, Model model) {
        VmForm form = new VmForm();
        if (templateId != null) {
            form.startFrom(templates.get(templateId));
        } else {
            bootableTemplates().stream().findFirst().ifPresent(form::startFrom);
        }
        teams.teamsWhereCallerCan(Permission.CONFIGURE).stream().findFirst().ifPresent(t -> form.setTeamId(t.getId()));
        return showForm(form, model);
    }

    /** Add or remove a disk row; answers the form alone to htmx, the whole page otherwise. */
    @PostMapping("/new/edit")
    String editForm(@ModelAttribute("form") VmForm form, BindingResult binding, @RequestParam String edit,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        form.edit(edit);
        showForm(form, model);
        return htmx != null ? "vms/form :: form" : "vms/form";
    }

    /** The quota bars for what the form asks for so far. */
    @PostMapping("/new/impact")
    String impact(@ModelAttribute("form") VmForm form, BindingResult ignoredConversionErrors, Model model) {
        addImpact(form, model);
        return "vms/form :: impact";
    }

    @PostMapping
    String create(@ModelAttribute("form") VmForm form, BindingResult binding, Model model) {
        VmRequest request = form.toRequest();
        if (binding.hasErrors() || !formErrors.validate(request, binding)) {
            return showForm(form, model);
        }
        try {
            Vm vm = vms.create(request);
            return "redirect:/vms/" + vm.getId();
        } catch (ErrorResponseException refusal) {
            formErrors.reject(refusal, binding);
            return showForm(form, model);
        }
    }

    @GetMapping("/{id}")
    String detail(@PathVariable Long id, Model model) {
        Vm record = vms.get(id);
        VmView vm = VmView.of(record);
        Caller caller = access.caller();
        model.addAttribute("vm", vm);
        model.addAttribute("canOperate", caller.can(record.teamId(), Permission.OPERATE));
        model.addAttribute("canConfigure", caller.can(record.teamId(), Permission.CONFIGURE));
        model.addAttribute("actions", vm.powerState().actions());
        model.addAttribute("nothingToBoot", launches.nothingToBoot(record).orElse(null));
        model.addAttribute("events", details.events(id));
        details.stats(id).ifPresent(stats -> {
            model.addAttribute("stats", stats);
            model.addAttribute("cpuPoints", charts.cpu(stats, record.getVcpus()));
            model.addAttribute("instructionPoints", charts.instructions(stats));
        });
        model.addAttribute("members", teams.members(record.teamId()).stream().map(MemberView::of).toList());
        model.addAttribute("defaultShutdownSeconds", VmPowerService.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds());
        model.addAttribute("snapshots", snapshots.tree(id));
        model.addAttribute("update", new VmUpdate(vm.name(), vm.description(), vm.vcpus(), vm.memoryMib()));
        return "vms/detail";
    }

    /** The live part of the detail page (state, figures, events), which htmx refreshes every few seconds. */
    @GetMapping("/{id}/live")
    String live(@PathVariable Long id, Model model) {
        detail(id, model);
        return "vms/detail :: live";
    }

    @PostMapping("/{id}/power")
    String power(@PathVariable Long id, @RequestParam PowerAction action,
            @RequestParam(required = false) Integer timeoutSeconds, RedirectAttributes redirect) {
        return act(id, redirect, action == PowerAction.SHUTDOWN ? "Shutdown requested" : action.label() + " done", null,
                () -> power.changePower(id, action, timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds)));
    }

    @PostMapping("/register")
    String register(@ModelAttribute RegisterRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/vms", "VM registered", request,
                () -> "/vms/" + vms.register(request).getId());
    }

    @PostMapping("/{id}/update")
    String update(@PathVariable Long id, @ModelAttribute UpdateForm form, RedirectAttributes redirect) {
        VmUpdate update = new VmUpdate(form.name(), form.description(), form.vcpus(), form.memoryMib());
        return act(id, redirect, "Saved", update, () -> vms.update(id, update));
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/vms/" + id, "VM deleted", null, () -> {
            vms.delete(id);
            return "/vms";
        });
    }

    @PostMapping("/{id}/snapshots/{snapshotId}/delete")
    String deleteSnapshot(@PathVariable Long id, @PathVariable Long snapshotId, RedirectAttributes redirect) {
        return act(id, redirect, "Snapshot deleted", null, () -> snapshots.delete(id, snapshotId));
    }

    private String act(Long id, RedirectAttributes redirect, String success, Object request, Runnable change) {
        return actions.run(redirect, "/vms/" + id, success, request, change);
    }

    private String showForm(VmForm form, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("teams", teams.teamsWhereCallerCan(Permission.CONFIGURE));
        model.addAttribute("templates", bootableTemplates().stream().map(TemplateView::of).toList());
        model.addAttribute("images", images.list("", CHOICES).filter(Image::isKernel).toList());
        model.addAttribute("datastores", datastores.list("", CHOICES).toList());
        model.addAttribute("bootSources", BootSource.OFFERED);
        addImpact(form, model);
        return "vms/form";
    }

    private List<Template> bootableTemplates() {
        return templates.list("", CHOICES).filter(Template::bootsAKernel).toList();
    }

    private void addImpact(VmForm form, Model model) {
        if (form.getTeamId() == null) {
            return;
        }
        Long templateDisk = null;
        if (form.getTemplateId() != null) {
            try {
                Template template = templates.get(form.getTemplateId());
                templateDisk = template.getDiskGib();
            } catch (ErrorResponseException unknownTemplate) {
                templateDisk = null;
            }
        }
        try {
            model.addAttribute("impact", quotas.status(form.getTeamId(), form.demand(templateDisk)));
        } catch (ErrorResponseException notAMember) {
            model.addAttribute("impact", null);
        }
    }

    record UpdateForm(String name, String description, Integer vcpus, Long memoryMib) {
    }

}
