package io.vireo.console.network;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.vireo.console.api.PageResponse;

/** Networks can be listed and deleted, not created: the engine has no network device yet (see NetworkService). */
@RestController
@RequestMapping("/api/v1/networks")
class NetworkApiController {

    private final NetworkService networks;

    NetworkApiController(NetworkService networks) {
        this.networks = networks;
    }

    @GetMapping
    PageResponse<NetworkView> list(@RequestParam(required = false) String q,
            @PageableDefault(size = 20, sort = "name") Pageable pageable) {
        return PageResponse.of(networks.list(q, pageable), NetworkView::of);
    }

    @GetMapping("/{id}")
    NetworkView get(@PathVariable Long id) {
        return NetworkView.of(networks.get(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable Long id) {
        networks.delete(id);
        return ResponseEntity.noContent().build();
    }
}
