package io.vireo.engine.network;

import io.vireo.engine.network.dhcp.DhcpServer;
import io.vireo.engine.network.gateway.Gateway;
import io.vireo.engine.network.gateway.GatewayLimits;
import io.vireo.engine.network.gateway.GatewayStats;
import io.vireo.engine.network.sw.VirtualSwitch;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One running virtual network, as the console and the CLI use it: its switch, where NICs plug in, its DHCP
 * server if it has one, and its gateway (ARP, ping, DNS, and host sockets as its mode allows) with the port
 * forwards to its guests. Closing it releases every host socket and its thread.
 */
public final class VirtualNetwork implements NetworkAttachment, AutoCloseable {
    private final NetworkSpec spec;
    private final VirtualSwitch fabric;
    private final Optional<DhcpServer> dhcp;
    private final Gateway gateway;

    private VirtualNetwork(NetworkSpec spec, VirtualSwitch fabric, Optional<DhcpServer> dhcp, Gateway gateway) {
        this.spec = spec;
        this.fabric = fabric;
        this.dhcp = dhcp;
        this.gateway = gateway;
    }

    public static VirtualNetwork start(NetworkSpec spec) throws NetworkException {
        return start(spec, GatewayLimits.defaults());
    }

    /** Starts the network with the gateway held to {@code limits}. */
    public static VirtualNetwork start(NetworkSpec spec, GatewayLimits limits) throws NetworkException {
        if (spec.mode() == NetworkMode.BRIDGED) {
            throw new NetworkException("network " + spec.name() + " is bridged to " + spec.uplink().orElseThrow()
                    + ", but this engine cannot open a host TAP uplink yet");
        }
        InstantSource clock = InstantSource.system();
        VirtualSwitch fabric = new VirtualSwitch(clock);
        MacAddress gatewayMac = gatewayMac(spec.gateway());
        Optional<DhcpServer> dhcp = spec.dhcp().map(settings -> DhcpServer.forNetwork(spec, gatewayMac, clock));
        Gateway gateway = Gateway.start(spec, gatewayMac, dhcp, limits, fabric::plugTrusted);
        return new VirtualNetwork(spec, fabric, dhcp, gateway);
    }

    /** The gateway's MAC: slirp's 52:55 followed by the gateway address, outside Vireo's NIC prefix 52:56:00. */
    static MacAddress gatewayMac(Ipv4Address gateway) {
        return new MacAddress(0x5255L << 32 | gateway.bits() & 0xFFFF_FFFFL);
    }

    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public SwitchPort plug(MacAddress mac, OptionalInt vlan, FrameReceiver receiver) {
        return fabric.plug(mac, vlan, receiver);
    }

    /** Plugs in a NIC whose sending and receiving are each limited to {@code bytesPerSecond}, when given. */
    public SwitchPort plug(MacAddress mac, OptionalInt vlan, FrameReceiver receiver, OptionalLong bytesPerSecond) {
        return fabric.plug(mac, vlan, receiver, bytesPerSecond);
    }

    public List<Lease> leases() {
        return dhcp.map(DhcpServer::leases).orElse(List.of());
    }

    /**
     * Opens the forward's host socket while the network runs; a host port of 0 takes any free port, and the
     * forward returned (and listed by {@link #forwards}) names the port taken. A taken address is refused
     * with a message that says so.
     */
    public PortForward addForward(PortForward forward) throws NetworkException {
        return gateway.addForward(forward);
    }

    /** Closes the forward's host socket (the forward as added or as returned); its open connections carry on. */
    public void removeForward(PortForward forward) {
        gateway.removeForward(forward);
    }

    public List<PortForward> forwards() {
        return gateway.forwards();
    }

    /** What the gateway dropped and refused, and the flows it holds. */
    public GatewayStats gatewayStats() {
        return gateway.stats();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
