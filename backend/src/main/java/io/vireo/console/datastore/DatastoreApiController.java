package io.vireo.console.datastore;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.api.CollectionApiController;
import io.vireo.console.security.AccessPolicy;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/datastores")
class DatastoreApiController extends CollectionApiController<DatastoreView> {

    private final DatastoreService datastores;
    private final AccessPolicy access;

    DatastoreApiController(DatastoreService datastores, AccessPolicy access) {
        super(datastores::views, id -> DatastoreView.of(datastores.get(id), access.visibleTeamIds()),
                datastores::delete);
        this.datastores = datastores;
        this.access = access;
    }

    @PostMapping
    ResponseEntity<DatastoreView> create(@Valid @RequestBody DatastoreRequest request) {
        Datastore datastore = datastores.create(request);
        return ResponseEntity.created(URI.create("/api/v1/datastores/" + datastore.getId()))
                .body(DatastoreView.of(datastore, access.visibleTeamIds()));
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
