package io.vireo.console.network;

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

import io.vireo.console.web.ListPage;
import io.vireo.console.web.PageActions;

@Controller
@RequestMapping("/networks")
class NetworkPageController {

    private final NetworkService networks;
    private final PageActions actions;

    NetworkPageController(NetworkService networks, PageActions actions) {
        this.networks = networks;
        this.actions = actions;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @PageableDefault(size = 25, sort = "name") Pageable pageable,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("kinds", NetworkKind.values());
        return ListPage.render(model, "networks/list", networks.list(q, pageable).map(NetworkView::of), q, htmx);
    }

    @PostMapping
    String create(@ModelAttribute NetworkRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, "/networks", "Network created", request, () -> networks.create(request));
    }

    /** One network's settings, in a form administrators may change. */
    @GetMapping("/{id}")
    String detail(@PathVariable Long id, Model model) {
        model.addAttribute("network", NetworkView.of(networks.get(id)));
        model.addAttribute("kinds", NetworkKind.values());
        return "networks/detail";
    }

    @PostMapping("/{id}")
    String update(@PathVariable Long id, @ModelAttribute NetworkRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, "/networks/" + id, "Network saved", request, () -> networks.update(id, request));
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, "/networks", "Network deleted", null, () -> networks.delete(id));
    }
}
