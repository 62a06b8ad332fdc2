package io.vireo.console.vm;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.PageActions;

/** The VM page's forms for its network cards and their port forwards; each comes back to the VM page. */
@Controller
@RequestMapping("/vms/{id}/nics")
class VmNicPageController {

    private final VmNics nics;
    private final VmForwards forwards;
    private final PageActions actions;

    VmNicPageController(VmNics nics, VmForwards forwards, PageActions actions) {
        this.nics = nics;
        this.forwards = forwards;
        this.actions = actions;
    }

    @PostMapping
    String add(@PathVariable Long id, @ModelAttribute NicRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, page(id), "Network card added", request, () -> nics.add(id, request));
    }

    @PostMapping("/{nicId}")
    String change(@PathVariable Long id, @PathVariable Long nicId, @ModelAttribute NicRequest request,
            RedirectAttributes redirect) {
        return actions.run(redirect, page(id), "Network card saved", request, () -> nics.change(id, nicId, request));
    }

    @PostMapping("/{nicId}/delete")
    String remove(@PathVariable Long id, @PathVariable Long nicId, RedirectAttributes redirect) {
        return actions.run(redirect, page(id), "Network card removed", null, () -> nics.remove(id, nicId));
    }

    @PostMapping("/{nicId}/link")
    String link(@PathVariable Long id, @PathVariable Long nicId, @RequestParam boolean up, RedirectAttributes redirect) {
        return actions.run(redirect, page(id), up ? "Link up" : "Link down", null, () -> nics.link(id, nicId, up));
    }

    @PostMapping("/{nicId}/forwards")
    String addForward(@PathVariable Long id, @PathVariable Long nicId, @ModelAttribute ForwardRequest request,
            RedirectAttributes redirect) {
        return actions.run(redirect, page(id), "Port forward added", request, () -> forwards.add(id, nicId, request));
    }

    @PostMapping("/{nicId}/forwards/{forwardId}/delete")
    String removeForward(@PathVariable Long id, @PathVariable Long nicId, @PathVariable Long forwardId,
            RedirectAttributes redirect) {
        return actions.run(redirect, page(id), "Port forward removed", null,
                () -> forwards.remove(id, nicId, forwardId));
    }

    private static String page(Long id) {
        return "/vms/" + id;
    }
}
