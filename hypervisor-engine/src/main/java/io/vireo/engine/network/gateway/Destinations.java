package io.vireo.engine.network.gateway;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.NetworkMode;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.frame.DnsHeader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where a guest may go, by the network's mode: the host socket address a guest's destination maps to, or
 * nothing when the mode refuses it. The gateway address stands for the host (its loopback), as in slirp and
 * passt; DNS to the gateway goes to the upstream resolver.
 */
final class Destinations {
    private final NetworkSpec spec;
    private final Optional<InetSocketAddress> dns;

    /** {@code dnsUpstream}: the resolver DNS to the gateway goes to, if the network serves DNS. */
    Destinations(NetworkSpec spec, Optional<InetSocketAddress> dnsUpstream) {
        this.spec = spec;
        this.dns = spec.dns() && spec.mode() != NetworkMode.ISOLATED ? dnsUpstream : Optional.empty();
    }

    Optional<InetSocketAddress> tcp(Ipv4Address destination, int port) {
        return host(destination, port);
    }

    Optional<InetSocketAddress> udp(Ipv4Address destination, int port) {
        if (destination.equals(spec.gateway()) && port == DnsHeader.PORT) {
            return dns;
        }
        return host(destination, port);
    }

    /** Whether guests may ping beyond the gateway through host sockets. */
    boolean reachesOutside() {
        return spec.mode() == NetworkMode.NAT;
    }

    private Optional<InetSocketAddress> host(Ipv4Address destination, int port) {
        if (port == 0 || spec.mode() == NetworkMode.ISOLATED) {
            return Optional.empty();
        }
        if (destination.equals(spec.gateway())) {
            return Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        if (spec.mode() != NetworkMode.NAT || !isOutside(destination)) {
            return Optional.empty();
        }
        return Optional.of(new InetSocketAddress(destination.toInetAddress(), port));
    }

    /** An address a host socket may be pointed at: not in this subnet, not a broadcast or multicast, not zero. */
    boolean isOutside(Ipv4Address destination) {
        int first = destination.bits() >>> 24;
        return !spec.subnet().contains(destination) && first != 0 && first < 224;
    }
}
