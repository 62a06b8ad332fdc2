package io.vireo.console.network;

import java.time.Instant;

public record NetworkView(Long id, String name, NetworkKind kind, String cidr, Instant createdAt) {

    public static NetworkView of(Network n) {
        return new NetworkView(n.getId(), n.getName(), n.getKind(), n.getCidr(), n.getCreatedAt());
    }
}
