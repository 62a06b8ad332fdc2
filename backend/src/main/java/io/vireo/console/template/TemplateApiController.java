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

import io.vireo.console.api.PageResponse;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/templates")
class TemplateApiController {

    private final TemplateService templates;

    TemplateApiController(TemplateService templates) {
        this.templates = templates;
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

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable Long id) {
        templates.delete(id);
        return ResponseEntity.noContent().build();
    }
}
