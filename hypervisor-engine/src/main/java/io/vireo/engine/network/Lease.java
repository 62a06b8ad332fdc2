package io.vireo.engine.network;

import java.time.Instant;
import java.util.Optional;

/** An address the network's DHCP server handed to a NIC, until when, and the host name the guest sent. */
public record Lease(MacAddress mac, Ipv4Address address, Optional<String> hostname, Instant expires) {
}
