package io.vireo.console.appliance;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.security.Permission;
import io.vireo.console.team.TeamService;
import io.vireo.console.web.PageActions;

@Controller
@RequestMapping("/appliances")
class AppliancePageController {

    private final ApplianceService appliances;
    private final CatalogPackages packages;
    private final DatastoreService datastores;
    private final TeamService teams;
    private final PageActions actions;

    AppliancePageController(ApplianceService appliances, CatalogPackages packages, DatastoreService datastores,
            TeamService teams, PageActions actions) {
        this.appliances = appliances;
        this.packages = packages;
        this.datastores = datastores;
        this.teams = teams;
        this.actions = actions;
    }

    /** The catalog; htmx polls its rows while a build runs. */
    @GetMapping
    String catalog(@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("appliances", appliances.catalog());
        model.addAttribute("teams", teams.teamsWhereCallerCan(Permission.CONFIGURE));
        model.addAttribute("datastores", datastores.list("", PageRequest.of(0, 200, Sort.by("name"))).toList());
        return htmx != null ? "appliances/catalog :: rows" : "appliances/catalog";
    }

    @PostMapping("/{name}/build")
    String build(@PathVariable String name, RedirectAttributes redirect) {
        return actions.run(redirect, "/appliances", "Building appliance " + name, null, () -> appliances.build(name));
    }

    @PostMapping
    String add(@RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(required = false) String name, @RequestParam(required = false) Long datastoreId,
            @RequestParam(required = false) String path, RedirectAttributes redirect) {
        return actions.run(redirect, "/appliances", "OVA added to the catalog", null,
                () -> packages.add(name, file, datastoreId, path));
    }

    @PostMapping("/{name}/deploy")
    String deploy(@PathVariable String name, @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) Long datastoreId,
            @RequestParam(defaultValue = "false") boolean acceptEula, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/appliances", "Deploying " + name + ": its disks are being converted",
                null, () -> "/tasks/" + packages.deploy(name, teamId, datastoreId, acceptEula).getId());
    }

    @PostMapping("/{name}/remove")
    String remove(@PathVariable String name, RedirectAttributes redirect) {
        return actions.run(redirect, "/appliances", "Removed " + name + " from the catalog", null,
                () -> packages.remove(name));
    }
}
