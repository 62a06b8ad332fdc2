package io.vireo.engine.network;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual network: its mode, its subnet and the gateway's address in it, DHCP if any, DNS (served at the
 * gateway and forwarded to {@code dnsUpstream}, the host's resolver when empty), and for {@link NetworkMode#BRIDGED}
 * the host TAP device or bridge it is joined to.
 */
public record NetworkSpec(String name, NetworkMode mode, Ipv4Subnet subnet, Ipv4Address gateway,
                          Optional<DhcpSettings> dhcp, boolean dns, Optional<InetSocketAddress> dnsUpstream,
                          Optional<String> uplink) {
    public NetworkSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(dhcp, "dhcp");
        Objects.requireNonNull(dnsUpstream, "dnsUpstream");
        Objects.requireNonNull(uplink, "uplink");
        if (!subnet.isHost(gateway)) {
            throw new IllegalArgumentException("the gateway " + gateway + " is not a host address of " + subnet);
        }
        dhcp.ifPresent(d -> {
            if (!subnet.isHost(d.first()) || !subnet.isHost(d.last())) {
                throw new IllegalArgumentException("the DHCP pool " + d.first() + "-" + d.last() + " is not inside " + subnet);
            }
            d.reservations().forEach(r -> {
                if (!subnet.isHost(r.address()) || r.address().equals(gateway)) {
                    throw new IllegalArgumentException("the reserved address " + r.address() + " is not free in " + subnet);
                }
            });
        });
        if ((mode == NetworkMode.BRIDGED) != uplink.isPresent()) {
            throw new IllegalArgumentException("a bridged network, and only a bridged network, names an uplink");
        }
        if (mode == NetworkMode.BRIDGED && (dhcp.isPresent() || dns)) {
            throw new IllegalArgumentException("bridged network '" + name + "' is on the segment of '" + uplink.get()
                    + "', which has its own DHCP and DNS: Vireo serves neither there, turn them off for this network");
        }
    }

    /** A NAT network as slirp's user networking lays it out: 10.0.2.0/24, gateway .2, leases from .15. */
    public static NetworkSpec userNat(String name) {
        Ipv4Subnet subnet = Ipv4Subnet.parse("10.0.2.0/24");
        return new NetworkSpec(name, NetworkMode.NAT, subnet, subnet.host(2),
                Optional.of(new DhcpSettings(subnet.host(15), subnet.host(254), Duration.ofHours(1), List.of())),
                true, Optional.empty(), Optional.empty());
    }
}
