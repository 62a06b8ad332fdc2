package io.vireo.console.vm;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.PageActions;

/** The VM page's CD-ROM drive form: put an ISO image in, eject, or force the eject of a drive the guest locked. */
@Controller
@RequestMapping("/vms/{id}/cdrom")
class VmCdromPageController {

    private final VmCdrom cdrom;
    private final PageActions actions;

    VmCdromPageController(VmCdrom cdrom, PageActions actions) {
        this.cdrom = cdrom;
        this.actions = actions;
    }

    @PostMapping
    String change(@PathVariable Long id, @ModelAttribute CdromRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, "/vms/" + id, request.ejects() ? "CD-ROM ejected" : "CD-ROM changed", request,
                () -> cdrom.change(id, request));
    }
}
