package io.vireo.console.vm;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.image.ImageName;
import io.vireo.console.task.TaskView;
import io.vireo.console.template.TemplateView;
import jakarta.validation.Valid;

/** Clones, and the conversions between VMs, templates and images that start or end at a VM. */
@RestController
class VmCopyApiController {

    private final VmCloning cloning;
    private final VmConversions conversions;
    private final TemplateDeployment deployment;

    VmCopyApiController(VmCloning cloning, VmConversions conversions, TemplateDeployment deployment) {
        this.cloning = cloning;
        this.conversions = conversions;
        this.deployment = deployment;
    }

    @PostMapping("/api/v1/vms/{id}/clones")
    @Operation(summary = "Clone a VM", description = "FULL copies the chosen state into standalone disks; LINKED"
            + " makes deltas over it. The state is snapshotId's, or the current one (a FULL clone needs the VM"
            + " stopped; a LINKED clone stands on a snapshot taken for it first). The clone gets a new id, UUID,"
            + " folder and host name (its name). A task makes its files.")
    ResponseEntity<VmView> clone(@PathVariable Long id, @Valid @RequestBody CloneRequest request) {
        return created(cloning.clone(id, request));
    }

    @PostMapping("/api/v1/vms/{id}/template")
    @Operation(summary = "Convert a stopped VM without snapshots into a template",
            description = "The VM's folder becomes the template's and the VM is gone. Refused while linked disks"
                    + " stand on its files.")
    ResponseEntity<TemplateView> toTemplate(@PathVariable Long id, @Valid @RequestBody TemplateName request) {
        TemplateView template = conversions.toTemplate(id, request);
        return ResponseEntity.created(URI.create("/api/v1/templates/" + template.id())).body(template);
    }

    @PostMapping("/api/v1/vms/{id}/image")
    @Operation(summary = "Make a disk image from a stopped VM's first disk",
            description = "A task flattens it into images/<name>.qcow2 of the VM's datastore. Answers the task.")
    ResponseEntity<TaskView> toImage(@PathVariable Long id, @Valid @RequestBody ImageName request) {
        return ResponseEntity.accepted().body(TaskView.of(conversions.toImage(id, request)));
    }

    @PostMapping("/api/v1/templates/{id}/vms")
    @Operation(summary = "Deploy a VM from a template", description = "LINKED (the default) makes deltas over the"
            + " template's files, FULL copies them; a template without files gives a blank disk. Many VMs may be"
            + " deployed from one template.")
    ResponseEntity<VmView> deploy(@PathVariable Long id, @Valid @RequestBody DeployRequest request) {
        return created(deployment.deploy(id, request));
    }

    @PostMapping("/api/v1/templates/{id}/convert")
    @Operation(summary = "Convert a team's template into a VM", description = "The template's folder becomes the"
            + " VM's and the template is gone. Refused while VMs deployed from it stand on its files.")
    ResponseEntity<VmView> convert(@PathVariable Long id) {
        return created(conversions.fromTemplate(id));
    }

    private static ResponseEntity<VmView> created(VmView vm) {
        return ResponseEntity.created(URI.create("/api/v1/vms/" + vm.id())).body(vm);
    }
}
