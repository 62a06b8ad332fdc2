package io.vireo.console.network;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.vireo.console.api.CollectionApiController;

/** Networks can be listed and deleted, not created: the engine has no network device yet (see NetworkService). */
@RestController
@RequestMapping("/api/v1/networks")
class NetworkApiController extends CollectionApiController<NetworkView> {

    NetworkApiController(NetworkService networks) {
        super((q, pageable) -> networks.list(q, pageable).map(NetworkView::of), id -> NetworkView.of(networks.get(id)),
                networks::delete);
    }
}
