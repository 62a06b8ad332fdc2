package io.vireo.console.vm;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The Host page: the host's figures and the caller's powered-on VMs on it, refreshed live. */
@Controller
class HostPageController {

    private final HostOverview overview;

    HostPageController(HostOverview overview) {
        this.overview = overview;
    }

    @GetMapping("/host")
    String host(Model model) {
        model.addAttribute("host", overview.overview());
        return "host";
    }
}
