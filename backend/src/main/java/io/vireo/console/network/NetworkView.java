package io.vireo.console.network;

import java.time.Instant;

/** A network as the pages and the API show it. */
public record NetworkView(Long id, String name, NetworkKind kind, String cidr, String gateway, boolean dhcp,
        String dhcpFirst, String dhcpLast, int leaseSeconds, boolean dns, String uplink, Instant createdAt,
        Instant updatedAt) {

    public static NetworkView of(Network n) {
        return new NetworkView(n.getId(), n.getName(), n.getKind(), n.getCidr(), n.getGateway(), n.isDhcp(),
                n.getDhcpFirst(), n.getDhcpLast(), n.getLeaseSeconds(), n.isDns(), n.getUplink(), n.getCreatedAt(),
                n.getUpdatedAt());
    }

    /** The form's starting values for this network. */
    public NetworkRequest request() {
        return new NetworkRequest(name, kind, cidr, gateway, dhcp, dhcpFirst, dhcpLast, leaseSeconds, dns, uplink);
    }
}
