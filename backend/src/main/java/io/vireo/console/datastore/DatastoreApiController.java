package io.vireo.console.datastore;

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
@RequestMapping("/api/v1/datastores")
class DatastoreApiController {

    private final DatastoreService datastores;

    DatastoreApiController(DatastoreService datastores) {
        this.datastores = datastores;
    }

    @GetMapping
    PageResponse<DatastoreView> list(@RequestParam(required = false) String q,
            @PageableDefault(size = 20, sort = "name") Pageable pageable) {
        return PageResponse.of(datastores.list(q, pageable), DatastoreView::of);
    }

    @GetMapping("/{id}")
    DatastoreView get(@PathVariable Long id) {
        return DatastoreView.of(datastores.get(id));
    }

    @PostMapping
    ResponseEntity<DatastoreView> create(@Valid @RequestBody DatastoreRequest request) {
        Datastore datastore = datastores.create(request);
        return ResponseEntity.created(URI.create("/api/v1/datastores/" + datastore.getId()))
                .body(DatastoreView.of(datastore));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable Long id) {
        datastores.delete(id);
        return ResponseEntity.noContent().build();
    }
}
