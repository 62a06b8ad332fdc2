package io.vireo.console.vm;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.image.ImageName;
import io.vireo.console.web.PageActions;

/** The buttons of a VM's and a template's page that clone, deploy and convert; each comes back where it leads. */
@Controller
class VmCopyPageController {

    private final VmCloning cloning;
    private final VmConversions conversions;
    private final TemplateDeployment deployment;
    private final PageActions actions;

    VmCopyPageController(VmCloning cloning, VmConversions conversions, TemplateDeployment deployment,
            PageActions actions) {
        this.cloning = cloning;
        this.conversions = conversions;
        this.deployment = deployment;
        this.actions = actions;
    }

    @PostMapping("/vms/{id}/clones")
    String clone(@PathVariable Long id, @ModelAttribute CloneRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/vms/" + id, "Clone " + request.name() + " is being made", request,
                () -> "/vms/" + cloning.clone(id, request).id());
    }

    @PostMapping("/vms/{id}/template")
    String toTemplate(@PathVariable Long id, @ModelAttribute TemplateName request, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/vms/" + id, "The VM is now a template", request,
                () -> "/templates/" + conversions.toTemplate(id, request).id());
    }

    @PostMapping("/vms/{id}/image")
    String toImage(@PathVariable Long id, @ModelAttribute ImageName request, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/vms/" + id, "Making image " + request.name(), request,
                () -> "/tasks/" + conversions.toImage(id, request).getId());
    }

    @PostMapping("/templates/{id}/vms")
    String deploy(@PathVariable Long id, @ModelAttribute DeployRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/templates/" + id, "VM " + request.name() + " is being deployed", request,
                () -> "/vms/" + deployment.deploy(id, request).id());
    }

    @PostMapping("/templates/{id}/convert")
    String convert(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/templates/" + id, "The template is now a VM", null,
                () -> "/vms/" + conversions.fromTemplate(id).id());
    }
}
