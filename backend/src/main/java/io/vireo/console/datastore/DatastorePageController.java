package io.vireo.console.datastore;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.security.Permission;
import io.vireo.console.team.TeamView;
import io.vireo.console.team.TeamService;
import io.vireo.console.web.ListPage;
import io.vireo.console.web.PageActions;

@Controller
@RequestMapping("/datastores")
class DatastorePageController {

    private final DatastoreService datastores;
    private final TeamService teams;
    private final PageActions actions;

    DatastorePageController(DatastoreService datastores, TeamService teams, PageActions actions) {
        this.datastores = datastores;
        this.teams = teams;
        this.actions = actions;
    }

    /** The datastores, each with the teams it is granted to (those the caller may see, by name). */
    @GetMapping
    String list(@RequestParam(required = false) String q, @PageableDefault(size = 25, sort = "name") Pageable pageable,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        List<TeamView> visible = teams.teamsWhereCallerCan(Permission.VIEW);
        model.addAttribute("teams", visible);
        model.addAttribute("teamNames", visible.stream().collect(Collectors.toMap(TeamView::id, TeamView::name)));
        return ListPage.render(model, "datastores/list", datastores.views(q, pageable), q, htmx);
    }

    @PostMapping
    String create(@ModelAttribute DatastoreRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, "/datastores", "Datastore created", request, () -> datastores.create(request));
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, "/datastores", "Datastore deleted", null, () -> datastores.delete(id));
    }

    @PostMapping("/grants")
    String grant(@RequestParam Long datastoreId, @RequestParam Long teamId, RedirectAttributes redirect) {
        return actions.run(redirect, "/datastores", "Datastore granted", null,
                () -> datastores.grant(datastoreId, teamId));
    }

    @PostMapping("/{id}/teams/{teamId}/revoke")
    String revoke(@PathVariable Long id, @PathVariable Long teamId, RedirectAttributes redirect) {
        return actions.run(redirect, "/datastores", "Grant taken back", null, () -> datastores.revoke(id, teamId));
    }
}
