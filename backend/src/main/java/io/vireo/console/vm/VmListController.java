package io.vireo.console.vm;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.security.Permission;
import io.vireo.console.team.TeamService;
import io.vireo.console.web.PageActions;

/** The VM list with its search, and registering a VM from its folder. */
@Controller
@RequestMapping("/vms")
class VmListController {

    private static final PageRequest CHOICES = PageRequest.of(0, 200, Sort.by("name"));

    private final VmQueries vms;
    private final VmRegistration registration;
    private final TeamService teams;
    private final DatastoreService datastores;
    private final PageActions actions;

    VmListController(VmQueries vms, VmRegistration registration, TeamService teams, DatastoreService datastores,
            PageActions actions) {
        this.vms = vms;
        this.registration = registration;
        this.teams = teams;
        this.datastores = datastores;
        this.actions = actions;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) PowerState state,
            @RequestParam(required = false) Long teamId,
            @PageableDefault(size = 25, sort = "name") Pageable pageable,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("page", vms.list(new VmFilter(q, teamId, state), pageable));
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("state", state);
        model.addAttribute("states", PowerState.values());
        model.addAttribute("registerTeams", teams.teamsWhereCallerCan(Permission.CONFIGURE));
        model.addAttribute("datastores", datastores.summaries(CHOICES));
        return htmx != null ? "vms/list :: results" : "vms/list";
    }

    @PostMapping("/register")
    String register(@ModelAttribute RegisterRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/vms", "VM registered", request,
                () -> "/vms/" + registration.register(request).id());
    }
}
