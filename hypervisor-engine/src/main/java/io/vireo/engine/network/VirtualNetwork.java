package io.vireo.engine.network;

import io.vireo.engine.network.dhcp.DhcpServer;
import io.vireo.engine.network.gateway.Gateway;
import io.vireo.engine.network.gateway.GatewayLimits;
import io.vireo.engine.network.gateway.GatewayStats;
import io.vireo.engine.network.sw.VirtualSwitch;
import io.vireo.engine.network.uplink.TapUplink;
import io.vireo.engine.network.uplink.UplinkStats;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One running virtual network, as the console and the CLI use it: its switch, where NICs plug in, its DHCP
 * server if it has one, and either its gateway (ARP, ping, DNS, and host sockets as its mode allows) with the
 * port forwards to its guests, or, for a bridged network, its uplink to a host TAP device or bridge, whose
 * segment has its own gateway, DHCP and DNS. Closing it releases every host socket, device and thread.
 */
public final class VirtualNetwork implements NetworkAttachment, AutoCloseable {
    private final NetworkSpec spec;
    private final VirtualSwitch fabric;
    private final Optional<DhcpServer> dhcp;
    private final Optional<Gateway> gateway;
    private final Optional<TapUplink> uplink;

    private VirtualNetwork(NetworkSpec spec, VirtualSwitch fabric, Optional<DhcpServer> dhcp, Optional<Gateway> gateway,
                           Optional<TapUplink> uplink) {
        this.spec = spec;
        this.fabric = fabric;
        this.dhcp = dhcp;
        this.gateway = gateway;
        this.uplink = uplink;
    }

    public static VirtualNetwork start(NetworkSpec spec) throws NetworkException {
        return start(spec, GatewayLimits.defaults());
    }

    /** Starts the network with the gateway held to {@code limits}. */
    public static VirtualNetwork start(NetworkSpec spec, GatewayLimits limits) throws NetworkException {
        InstantSource clock = InstantSource.system();
        VirtualSwitch fabric = new VirtualSwitch(clock);
        if (spec.mode() == NetworkMode.BRIDGED) {
            return new VirtualNetwork(spec, fabric, Optional.empty(), Optional.empty(),
                    Optional.of(TapUplink.open(spec, fabric::plugTrusted)));
        }
        MacAddress gatewayMac = gatewayMac(spec.gateway());
        Optional<DhcpServer> dhcp = spec.dhcp().map(settings -> DhcpServer.forNetwork(spec, gatewayMac, clock));
        Gateway gateway = Gateway.start(spec, gatewayMac, dhcp, limits, fabric::plugTrusted);
        return new VirtualNetwork(spec, fabric, dhcp, Optional.of(gateway), Optional.empty());
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

    @Override
    public int mtu() {
        return spec.mode().mtu();
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
        if (gateway.isEmpty()) {
            throw new NetworkException("bridged network '" + spec.name() + "' forwards no ports: its guests are on the"
                    + " segment of '" + spec.uplink().orElseThrow() + "', reach them there");
        }
        return gateway.get().addForward(forward);
    }

    /** Closes the forward's host socket (the forward as added or as returned); its open connections carry on. */
    public void removeForward(PortForward forward) {
        gateway.ifPresent(g -> g.removeForward(forward));
    }

    public List<PortForward> forwards() {
        return gateway.map(Gateway::forwards).orElse(List.of());
    }

    /** What the gateway dropped and refused, and the flows it holds: all nothing on a bridged network, which has none. */
    public GatewayStats gatewayStats() {
        return gateway.map(Gateway::stats).orElse(new GatewayStats(0, 0, 0, 0, 0, 0, 0));
    }

    /** What a bridged network's uplink moved to and from the host; empty for the other modes. */
    public Optional<UplinkStats> uplinkStats() {
        return uplink.map(TapUplink::stats);
    }

    @Override
    public void close() {
        gateway.ifPresent(Gateway::close);
        uplink.ifPresent(TapUplink::close);
    }
}
