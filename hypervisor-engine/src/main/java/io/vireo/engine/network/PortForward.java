package io.vireo.engine.network;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Host address and port to a guest port: connections (TCP) or datagrams (UDP) arriving at {@code host} go to
 * {@code guestPort} of the NIC with {@code guest}'s MAC, at whatever address that NIC holds (its lease, or what
 * it answers ARP for), so a forward survives a changed lease.
 */
public record PortForward(Protocol protocol, InetSocketAddress host, MacAddress guest, int guestPort) {
    public PortForward {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(guest, "guest");
        if (guestPort < 1 || guestPort > 65535) {
            throw new IllegalArgumentException("a guest port is 1..65535, was " + guestPort);
        }
        if (host.isUnresolved()) {
            throw new IllegalArgumentException("a forward's host address must be an address, not a name: " + host);
        }
    }
}
