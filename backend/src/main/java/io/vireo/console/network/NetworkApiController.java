package io.vireo.console.network;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.api.CollectionApiController;
import jakarta.validation.Valid;

/** Networks: every user lists them, administrators create, change and delete them (delete only when unused). */
@RestController
@RequestMapping("/api/v1/networks")
class NetworkApiController extends CollectionApiController<NetworkView> {

    private final NetworkService networks;

    NetworkApiController(NetworkService networks) {
        super((q, pageable) -> networks.list(q, pageable).map(NetworkView::of), id -> NetworkView.of(networks.get(id)),
                networks::delete);
        this.networks = networks;
    }

    @PostMapping
    @Operation(summary = "Create a network (admins)",
            description = "The engine checks its addressing: a gateway and DHCP pool inside the subnet, an uplink"
                    + " for a bridged network only.")
    ResponseEntity<NetworkView> create(@Valid @RequestBody NetworkRequest request) {
        Network network = networks.create(request);
        return ResponseEntity.created(URI.create("/api/v1/networks/" + network.getId())).body(NetworkView.of(network));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a network (admins)", description = "Takes effect when the network next starts:"
            + " when the first VM on it powers on after all its VMs were off.")
    NetworkView update(@PathVariable Long id, @Valid @RequestBody NetworkRequest request) {
        return NetworkView.of(networks.update(id, request));
    }
}
