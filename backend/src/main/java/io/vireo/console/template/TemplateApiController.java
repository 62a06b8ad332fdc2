package io.vireo.console.template;

import java.net.URI;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.api.PageResponse;
import io.vireo.console.image.ImageName;
import io.vireo.console.task.TaskView;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/templates")
class TemplateApiController {

    private final TemplateService templates;
    private final TemplateConversions conversions;

    TemplateApiController(TemplateService templates, TemplateConversions conversions) {
        this.templates = templates;
        this.conversions = conversions;
    }

    @GetMapping
    PageResponse<TemplateView> list(@RequestParam(required = false) String q,
            @PageableDefault(size = 20, sort = "name") Pageable pageable) {
        return PageResponse.of(templates.list(q, pageable));
    }

    @GetMapping("/{id}")
    TemplateView get(@PathVariable Long id) {
        return templates.get(id);
    }

    @PostMapping
    ResponseEntity<TemplateView> create(@Valid @RequestBody TemplateRequest request) {
        TemplateView template = templates.create(request);
        return ResponseEntity.created(URI.create("/api/v1/templates/" + template.id())).body(template);
    }

    @PostMapping("/from-image")
    @Operation(summary = "Make a template from a disk image",
            description = "Its first disk is a copy of the image, made by a task; its VMs boot kernelImageId.")
    ResponseEntity<TemplateView> fromImage(@Valid @RequestBody ImageTemplateRequest request) {
        TemplateView template = conversions.fromImage(request);
        return ResponseEntity.created(URI.create("/api/v1/templates/" + template.id())).body(template);
    }

    @PostMapping("/{id}/image")
    @Operation(summary = "Make a disk image from a template's first disk",
            description = "A task flattens it into images/<name>.qcow2 of the template's datastore; the image"
                    + " belongs to the template's team. Answers the task.")
    ResponseEntity<TaskView> toImage(@PathVariable Long id, @Valid @RequestBody ImageName request) {
        return ResponseEntity.accepted().body(TaskView.of(conversions.toImage(id, request)));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a template", description = "Refused (409, naming them) while linked disks of VMs"
            + " deployed from it stand on its files.")
    ResponseEntity<Void> delete(@PathVariable Long id) {
        templates.delete(id);
        return ResponseEntity.noContent().build();
    }
}
