package io.vireo.console.datastore;

import java.net.URI;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.api.PageResponse;
import io.vireo.console.security.AccessPolicy;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/datastores")
class DatastoreApiController {

    private final DatastoreService datastores;
    private final AccessPolicy access;

    DatastoreApiController(DatastoreService datastores, AccessPolicy access) {
        this.datastores = datastores;
        this.access = access;
    }

    @GetMapping
    PageResponse<DatastoreView> list(@RequestParam(required = false) String q,
            @PageableDefault(size = 20, sort = "name") Pageable pageable) {
        return PageResponse.of(datastores.views(q, pageable));
    }

    @GetMapping("/{id}")
    DatastoreView get(@PathVariable Long id) {
        return DatastoreView.of(datastores.get(id), access.visibleTeamIds());
    }

    @PostMapping
    ResponseEntity<DatastoreView> create(@Valid @RequestBody DatastoreRequest request) {
        Datastore datastore = datastores.create(request);
        return ResponseEntity.created(URI.create("/api/v1/datastores/" + datastore.getId()))
                .body(DatastoreView.of(datastore, access.visibleTeamIds()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable Long id) {
        datastores.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{id}/teams/{teamId}")
    @Operation(summary = "Grant the datastore to a team (admins)",
            description = "The team's owners may then register VM folders found in it.")
    DatastoreView grant(@PathVariable Long id, @PathVariable Long teamId) {
        return DatastoreView.of(datastores.grant(id, teamId), access.visibleTeamIds());
    }

    @DeleteMapping("/{id}/teams/{teamId}")
    @Operation(summary = "Take a datastore grant back from a team (admins)")
    ResponseEntity<Void> revoke(@PathVariable Long id, @PathVariable Long teamId) {
        datastores.revoke(id, teamId);
        return ResponseEntity.noContent().build();
    }
}
