package io.vireo.engine.network.gateway;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkException;
import io.vireo.engine.network.NetworkMode;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.SwitchPort;
import io.vireo.engine.network.dhcp.DhcpServer;
import io.vireo.engine.network.sw.VirtualSwitch;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalInt;

/** A gateway and one fake guest on a switch, for tests. */
final class GatewayFixture implements AutoCloseable {
    static final MacAddress GATEWAY_MAC = MacAddress.parse("52:55:0a:00:02:02");
    static final MacAddress GUEST_MAC = MacAddress.parse("52:56:00:00:00:0f");

    final NetworkSpec spec;
    final Gateway gateway;
    final FakeGuest guest;

    private GatewayFixture(NetworkSpec spec, GatewayLimits limits) throws NetworkException {
        this.spec = spec;
        this.guest = new FakeGuest(GUEST_MAC, spec.subnet().host(15));
        VirtualSwitch fabric = new VirtualSwitch(InstantSource.system());
        this.gateway = Gateway.start(spec, GATEWAY_MAC,
                spec.dhcp().map(settings -> DhcpServer.forNetwork(spec, GATEWAY_MAC, InstantSource.system())), limits,
                fabric::plugTrusted);
        SwitchPort port = fabric.plug(GUEST_MAC, OptionalInt.empty(), guest);
        guest.connect(port::send);
    }

    static GatewayFixture nat() throws NetworkException {
        return of(NetworkMode.NAT, limits());
    }

    static GatewayFixture of(NetworkMode mode, GatewayLimits limits) throws NetworkException {
        NetworkSpec nat = NetworkSpec.userNat("test");
        return new GatewayFixture(new NetworkSpec("test-" + mode.name().toLowerCase(), mode, nat.subnet(),
                nat.gateway(), Optional.empty(), true, Optional.empty(), Optional.empty()), limits);
    }

    static GatewayFixture withDns(InetSocketAddress upstream) throws NetworkException {
        return withDns(NetworkMode.NAT, upstream);
    }

    static GatewayFixture withDns(NetworkMode mode, InetSocketAddress upstream) throws NetworkException {
        NetworkSpec nat = NetworkSpec.userNat("test-dns");
        return new GatewayFixture(new NetworkSpec(nat.name(), mode, nat.subnet(), nat.gateway(), nat.dhcp(),
                true, Optional.of(upstream), Optional.empty()), limits());
    }

    /** Test limits: a retransmission timeout long enough that only duplicate ACKs make the gateway resend. */
    static GatewayLimits limits() {
        return limits(GatewayLimits.defaults().tcpIdle(), GatewayLimits.defaults().tcpFlowsPerGuest());
    }

    static GatewayLimits limits(Duration tcpIdle, int tcpFlowsPerGuest) {
        return limits(tcpIdle, tcpFlowsPerGuest, GatewayLimits.defaults().udpIdle());
    }

    static GatewayLimits limits(Duration tcpIdle, int tcpFlowsPerGuest, Duration udpIdle) {
        return limits(tcpIdle, tcpFlowsPerGuest, udpIdle, Duration.ofSeconds(30));
    }

    static GatewayLimits limits(Duration tcpIdle, int tcpFlowsPerGuest, Duration udpIdle, Duration retransmit) {
        GatewayLimits d = GatewayLimits.defaults();
        return new GatewayLimits(d.inboxPerGuest(), tcpFlowsPerGuest, d.tcpFlowsTotal(), d.udpFlowsPerGuest(),
                d.udpFlowsTotal(), 64 * 1024, d.synTimeout(), tcpIdle, udpIdle, retransmit, d.retransmissions(),
                d.ackDelay());
    }

    /** The test's limits, but acknowledgments of a little guest data wait {@code ackDelay}. */
    static GatewayLimits limitsWithAckDelay(Duration ackDelay) {
        GatewayLimits l = limits();
        return new GatewayLimits(l.inboxPerGuest(), l.tcpFlowsPerGuest(), l.tcpFlowsTotal(), l.udpFlowsPerGuest(),
                l.udpFlowsTotal(), l.tcpBuffer(), l.synTimeout(), l.tcpIdle(), l.udpIdle(), l.retransmit(),
                l.retransmissions(), ackDelay);
    }

    Ipv4Address gatewayIp() {
        return spec.gateway();
    }

    GuestConnection connect(int port, int localPort) throws InterruptedException {
        return GuestConnection.open(guest, GATEWAY_MAC, gatewayIp(), port, localPort, 65535, 7);
    }

    /** Closes the gateway; fails the test if the network's thread ran into a bug of its own on the way. */
    @Override
    public void close() {
        RuntimeException fault = gateway.firstFault();
        gateway.close();
        if (fault != null) {
            throw new AssertionError("the gateway's thread failed", fault);
        }
    }
}
