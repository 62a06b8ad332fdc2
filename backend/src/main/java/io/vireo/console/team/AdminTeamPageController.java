package io.vireo.console.team;

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

import io.vireo.console.quota.Resources;
import io.vireo.console.web.ListPage;
import io.vireo.console.web.PageActions;

/** Administration of teams: members and their roles, and the team's quota. */
@Controller
@RequestMapping("/admin/teams")
class AdminTeamPageController {

    private final TeamService teams;
    private final PageActions actions;

    AdminTeamPageController(TeamService teams, PageActions actions) {
        this.teams = teams;
        this.actions = actions;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @PageableDefault(size = 25, sort = "name") Pageable pageable,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return ListPage.render(model, "admin/teams", teams.list(q, pageable).map(TeamView::of), q, htmx);
    }

    @GetMapping("/{id}")
    String detail(@PathVariable Long id, Model model) {
        model.addAttribute("team", TeamView.of(teams.get(id)));
        model.addAttribute("members", teams.members(id));
        model.addAttribute("quota", teams.quota(id, Resources.NONE));
        model.addAttribute("roles", TeamRole.values());
        return "admin/team";
    }

    @PostMapping
    String create(@ModelAttribute TeamRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/admin/teams", "Team created", request,
                () -> "/admin/teams/" + teams.create(request).getId());
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/admin/teams/" + id, "Team deleted", null, () -> {
            teams.delete(id);
            return "/admin/teams";
        });
    }

    @PostMapping("/{id}/members")
    String setMember(@PathVariable Long id, @ModelAttribute MemberRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, "/admin/teams/" + id, "Membership saved", request,
                () -> teams.setMember(id, request));
    }

    @PostMapping("/{id}/members/{userId}/delete")
    String removeMember(@PathVariable Long id, @PathVariable Long userId, RedirectAttributes redirect) {
        return actions.run(redirect, "/admin/teams/" + id, "Member removed", null, () -> teams.removeMember(id, userId));
    }

    @PostMapping("/{id}/quota")
    String changeQuota(@PathVariable Long id, @ModelAttribute Resources limits, RedirectAttributes redirect) {
        return actions.run(redirect, "/admin/teams/" + id, "Quota saved", limits, () -> teams.changeQuota(id, limits));
    }
}
