package io.vireo.engine.network;

import java.util.Objects;

/** An address the DHCP server always hands to one NIC. */
public record DhcpReservation(MacAddress mac, Ipv4Address address) {
    public DhcpReservation {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
    }
}
