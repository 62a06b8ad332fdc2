package io.vireo.console.template;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
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

import io.vireo.console.image.Image;
import io.vireo.console.image.ImageName;
import io.vireo.console.image.ImageService;
import io.vireo.console.image.ImageView;
import io.vireo.console.security.Permission;
import io.vireo.console.team.TeamService;
import io.vireo.console.web.PageActions;

@Controller
@RequestMapping("/templates")
class TemplatePageController {

    private final TemplateService templates;
    private final TemplateConversions conversions;
    private final TeamService teams;
    private final ImageService images;
    private final PageActions actions;

    TemplatePageController(TemplateService templates, TemplateConversions conversions, TeamService teams,
            ImageService images, PageActions actions) {
        this.templates = templates;
        this.conversions = conversions;
        this.teams = teams;
        this.images = images;
        this.actions = actions;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @PageableDefault(size = 25, sort = "name") Pageable pageable,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("page", templates.list(q, pageable));
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("teams", teams.teamsWhereCallerCan(Permission.CONFIGURE));
        model.addAttribute("images", images.list("", PageRequest.of(0, 200, Sort.by("name"))).filter(Image::isKernel)
                .map(ImageView::of).toList());
        return htmx != null ? "templates/list :: results" : "templates/list";
    }

    @GetMapping("/{id}")
    String detail(@PathVariable Long id, Model model) {
        model.addAttribute("template", templates.get(id));
        model.addAttribute("teams", teams.teamsWhereCallerCan(Permission.CONFIGURE));
        return "templates/detail";
    }

    @PostMapping("/{id}/image")
    String toImage(@PathVariable Long id, @ModelAttribute ImageName request, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/templates/" + id, "Making image " + request.name(), request,
                () -> "/tasks/" + conversions.toImage(id, request).getId());
    }

    @PostMapping("/from-image")
    String fromImage(@ModelAttribute ImageTemplateRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/images", "Template created; its disk is being copied", request,
                () -> "/templates/" + conversions.fromImage(request).id());
    }

    @PostMapping
    String create(@ModelAttribute TemplateRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, "/templates", "Template created", request, () -> templates.create(request));
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, "/templates", "Template deleted", null, () -> templates.delete(id));
    }
}
