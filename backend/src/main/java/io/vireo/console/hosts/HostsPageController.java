package io.vireo.console.hosts;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.PageActions;

/** The administrators' hosts page: the embedded engine and the libvirt hosts, adding, maintenance and removal. */
@Controller
@RequestMapping("/admin/hosts")
class HostsPageController {

    private final HostService hosts;
    private final PageActions actions;

    HostsPageController(HostService hosts, PageActions actions) {
        this.hosts = hosts;
        this.actions = actions;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("hosts", hosts.list());
        model.addAttribute("uriRule", HostUri.RULE);
        model.addAttribute("sshPublicKey", hosts.sshPublicKey());
        return "admin/hosts";
    }

    @PostMapping
    String add(@ModelAttribute HostRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, "/admin/hosts", "Host added", request, () -> hosts.add(request));
    }

    @PostMapping("/{id}/maintenance")
    String maintenance(@PathVariable Long id, @RequestParam boolean on, RedirectAttributes redirect) {
        return actions.run(redirect, "/admin/hosts", on ? "Host in maintenance" : "Host out of maintenance", null,
                () -> hosts.setMaintenance(id, on));
    }

    @PostMapping("/{id}/ssh-host-key")
    String trustSshHostKey(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, "/admin/hosts", "Host key trusted", null, () -> hosts.trustSshHostKey(id));
    }

    @PostMapping("/{id}/delete")
    String remove(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, "/admin/hosts", "Host removed", null, () -> hosts.remove(id));
    }
}
