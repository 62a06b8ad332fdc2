package io.vireo.console.appliance;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.PageActions;

@Controller
@RequestMapping("/appliances")
class AppliancePageController {

    private final ApplianceService appliances;
    private final PageActions actions;

    AppliancePageController(ApplianceService appliances, PageActions actions) {
        this.appliances = appliances;
        this.actions = actions;
    }

    /** The catalog; htmx polls its rows while a build runs. */
    @GetMapping
    String catalog(@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("appliances", appliances.catalog());
        return htmx != null ? "appliances/catalog :: rows" : "appliances/catalog";
    }

    @PostMapping("/{name}/build")
    String build(@PathVariable String name, RedirectAttributes redirect) {
        return actions.run(redirect, "/appliances", "Building appliance " + name, null, () -> appliances.build(name));
    }
}
