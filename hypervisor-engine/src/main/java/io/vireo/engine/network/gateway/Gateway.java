package io.vireo.engine.network.gateway;

import io.vireo.engine.network.FrameReceiver;
import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.Lease;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkException;
import io.vireo.engine.network.NetworkMode;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.PortForward;
import io.vireo.engine.network.SwitchPort;
import io.vireo.engine.network.dhcp.DhcpServer;
import io.vireo.engine.network.frame.ArpPacket;
import io.vireo.engine.network.frame.DhcpMessage;
import io.vireo.engine.network.frame.EthernetFrame;
import io.vireo.engine.network.frame.FrameException;
import io.vireo.engine.network.frame.IcmpMessage;
import io.vireo.engine.network.frame.Ipv4Frames;
import io.vireo.engine.network.frame.Ipv4Packet;
import io.vireo.engine.network.frame.TcpHeader;
import io.vireo.engine.network.frame.TcpSegment;
import io.vireo.engine.network.frame.UdpDatagram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A network's gateway: a trusted port on its switch that answers ARP and ping for the gateway address, hands
 * DHCP to the network's server, and, as the network's mode allows, relays DNS and translates guest TCP, UDP
 * and ping to host sockets. Frames arrive on any thread and are queued; everything else happens on the
 * network's one thread, but for an echo request to the gateway itself, which needs none of that thread's
 * state and is answered on the sender's. Over 400 lines as the one place where each kind of frame meets its
 * service (ARP, DHCP, ICMP, UDP, TCP), each service a class of its own.
 */
public final class Gateway implements FrameReceiver, GuestWire, AutoCloseable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Where an untagged frame's IPv4 payload begins with a minimal header. */
    private static final int ICMP_AT = 34;

    private final NetworkSpec spec;
    private final MacAddress mac;
    private final Optional<DhcpServer> dhcp;
    private final Destinations destinations;
    private final FrameInbox inbox;
    private final EventLoop loop;
    private final TcpTranslator tcp;
    private final UdpTranslator udp;
    private final OutsidePing ping;
    private final Neighbours neighbours = new Neighbours();
    private final PortForwards forwards;
    private final AtomicBoolean closed = new AtomicBoolean();
    private SwitchPort port;
    private long malformed;

    private Gateway(NetworkSpec spec, MacAddress mac, Optional<DhcpServer> dhcp, GatewayLimits limits)
            throws IOException {
        this.spec = spec;
        this.mac = mac;
        this.dhcp = dhcp;
        this.destinations = new Destinations(spec, spec.dnsUpstream().or(ResolvConf::firstNameserver));
        this.inbox = new FrameInbox(limits.inboxPerGuest());
        this.loop = new EventLoop(spec.name());
        this.tcp = new TcpTranslator(loop, this, limits);
        this.udp = new UdpTranslator(loop, this, limits);
        this.ping = OutsidePing.open(this::icmpFromOutside);
        this.forwards = new PortForwards(loop, tcp, udp,
                this::whereIs, this::apparentSource);
    }

    /**
     * Starts the gateway of {@code spec} with MAC {@code mac}, answering DHCP through {@code dhcp} if the network
     * has it; {@code plug} puts the gateway on the switch and returns its port.
     */
    public static Gateway start(NetworkSpec spec, MacAddress mac, Optional<DhcpServer> dhcp, GatewayLimits limits,
                                Function<FrameReceiver, SwitchPort> plug) throws NetworkException {
        if (spec.mode() == NetworkMode.BRIDGED) {
            throw new IllegalArgumentException("a bridged network has no gateway of its own");
        }
        try {
            Gateway gateway = new Gateway(spec, mac, dhcp, limits);
            gateway.port = plug.apply(gateway);
            gateway.loop.start(new EventLoop.Turn() {
                @Override
                public boolean drain() {
                    return gateway.inbox.drain(gateway::handle);
                }

                @Override
                public void flush() {
                    gateway.tcp.flushAcknowledgments();
                }

                @Override
                public long tick(long now) {
                    gateway.tcp.tick(now);
                    gateway.udp.tick(now);
                    return Math.min(TICK_NANOS, gateway.ping.tick(now));
                }
            });
            return gateway;
        } catch (IOException e) {
            throw new NetworkException("cannot start the gateway of network " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    /** A NIC's address (its lease first) and VLAN (as last seen, untagged if never). */
    private Optional<Neighbours.Neighbour> whereIs(MacAddress guest) {
        Optional<Neighbours.Neighbour> seen = neighbours.find(guest);
        int vlan = seen.map(Neighbours.Neighbour::vlan).orElse(EthernetFrame.UNTAGGED);
        Optional<Ipv4Address> leased = dhcp.flatMap(server -> server.leases().stream()
                .filter(lease -> lease.mac().equals(guest)).map(Lease::address).findFirst());
        return leased.map(address -> new Neighbours.Neighbour(address, vlan)).or(() -> seen);
    }

    public MacAddress mac() {
        return mac;
    }

    @Override
    public void receive(ByteBuffer frame) {
        if (answeredAtOnce(frame)) {
            return;
        }
        if (inbox.offer(frame)) {
            loop.wakeup();
        }
    }

    /**
     * Answers an echo request to the gateway itself on the sender's thread, as QEMU's user networking does on
     * its vCPU's: the answer needs no flow, socket or state of the network's thread, and handing the request to
     * that thread (waking an idle host core) was most of a ping's round trip on a nested host, over a
     * millisecond. Anything else, malformed frames included, goes to the network's thread as before.
     */
    private boolean answeredAtOnce(ByteBuffer frame) {
        int at = frame.position();
        // A look at the untagged EtherType and IP protocol first: every frame a guest sends comes through here
        // on its vCPU's thread, and all but pings go on to be parsed on the network's thread.
        if (!frame.hasArray() || frame.remaining() < ICMP_AT || frame.get(at + 12) != 0x08 || frame.get(at + 13) != 0
                || frame.get(at + 23) != Ipv4Packet.ICMP) {
            return false;
        }
        try {
            EthernetFrame ethernet = EthernetFrame.parse(frame.array(), frame.arrayOffset() + frame.position(),
                    frame.remaining());
            if (!ethernet.destination().equals(mac) || ethernet.etherType() != EthernetFrame.IPV4) {
                return false;
            }
            Ipv4Packet ip = Ipv4Packet.parse(ethernet);
            if (ip.isFragment() || ip.protocol() != Ipv4Packet.ICMP || !ip.destination().equals(spec.gateway())) {
                return false;
            }
            IcmpMessage icmp = IcmpMessage.parse(ip);
            if (!icmp.isEchoRequest()) {
                return false;
            }
            echo(ethernet, ip, icmp);
            return true;
        } catch (FrameException e) {
            return false;
        }
    }

    private void handle(byte[] bytes) {
        try {
            EthernetFrame frame = EthernetFrame.parse(bytes, 0, bytes.length);
            if (!frame.destination().equals(mac) && !frame.destination().equals(MacAddress.BROADCAST)) {
                return;
            }
            if (frame.etherType() == EthernetFrame.ARP) {
                onArp(frame, ArpPacket.parse(frame));
            } else if (frame.etherType() == EthernetFrame.IPV4) {
                onIpv4(frame, Ipv4Packet.parse(frame));
            }
        } catch (FrameException e) {
            malformed++;
        }
    }

    private void onArp(EthernetFrame frame, ArpPacket arp) {
        if (arp.senderMac().equals(frame.source()) && spec.subnet().isHost(arp.senderIp())
                && !arp.senderIp().equals(spec.gateway())) {
            neighbours.saw(arp.senderMac(), arp.senderIp(), frame.vlan());
        }
        if (arp.operation() == ArpPacket.REQUEST && arp.targetIp().equals(spec.gateway())) {
            byte[] out = new byte[EthernetFrame.HEADER + ArpPacket.LENGTH];
            int at = EthernetFrame.writeHeader(out, 0, arp.senderMac(), mac, EthernetFrame.UNTAGGED, EthernetFrame.ARP);
            arp.answer(mac).write(out, at);
            send(out, out.length, frame.vlan());
        }
    }

    private void onIpv4(EthernetFrame frame, Ipv4Packet ip) throws FrameException {
        if (ip.isFragment()) {
            malformed++;
            return;
        }
        if (spec.subnet().isHost(ip.source()) && !ip.source().equals(spec.gateway())) {
            neighbours.saw(frame.source(), ip.source(), frame.vlan());
        }
        switch (ip.protocol()) {
            case Ipv4Packet.UDP -> onUdp(frame, ip);
            case Ipv4Packet.TCP -> onTcp(frame, ip);
            case Ipv4Packet.ICMP -> onIcmp(frame, ip);
            default -> refuse(frame, ip, IcmpMessage.PROTOCOL_UNREACHABLE);
        }
    }

    private void onUdp(EthernetFrame frame, Ipv4Packet ip) throws FrameException {
        UdpDatagram datagram = UdpDatagram.parse(ip);
        if (!ip.transportChecksumValid()) {
            malformed++;
            return;
        }
        if (datagram.destinationPort() == DhcpMessage.SERVER_PORT) {
            if (dhcp.isPresent()) {
                // The server's replies carry the request's VLAN tag already.
                dhcp.get().answer(frame, DhcpMessage.parse(datagram)).ifPresent(port::send);
            }
            return;
        }
        if (!forGateway(ip)) {
            return;
        }
        Optional<InetSocketAddress> destination = destinations.udp(ip.destination(), datagram.destinationPort());
        if (destination.isEmpty()) {
            refuse(frame, ip, ip.destination().equals(spec.gateway()) ? IcmpMessage.PORT_UNREACHABLE
                    : IcmpMessage.ADMINISTRATIVELY_PROHIBITED);
            return;
        }
        FlowKey key = new FlowKey(frame.source(), frame.vlan(), ip.source(), datagram.sourcePort(), ip.destination(),
                datagram.destinationPort());
        udp.fromGuest(key, datagram.data(), datagram.payloadOffset(), datagram.payloadLength(), destination.get(),
                System.nanoTime());
    }

    private void onTcp(EthernetFrame frame, Ipv4Packet ip) throws FrameException {
        TcpSegment segment = TcpSegment.parse(ip);
        if (!ip.transportChecksumValid()) {
            malformed++;
            return;
        }
        if (!forGateway(ip)) {
            return;
        }
        TcpHeader header = segment.header();
        FlowKey key = new FlowKey(frame.source(), frame.vlan(), ip.source(), header.sourcePort(), ip.destination(),
                header.destinationPort());
        tcp.fromGuest(key, segment, destinations.tcp(ip.destination(), header.destinationPort()), System.nanoTime());
    }

    private void onIcmp(EthernetFrame frame, Ipv4Packet ip) throws FrameException {
        IcmpMessage icmp = IcmpMessage.parse(ip);
        if (!icmp.isEchoRequest() || !forGateway(ip)) {
            return;
        }
        if (ip.destination().equals(spec.gateway())) {
            echo(frame, ip, icmp);
        } else if (!destinations.reachesOutside() || !destinations.isOutside(ip.destination())) {
            refuse(frame, ip, IcmpMessage.ADMINISTRATIVELY_PROHIBITED);
        } else {
            loop.tickWithin(OutsidePing.POLL_NANOS);
            ping.send(new PingKey(frame.source(), frame.vlan(), ip.source(), ip.destination(), icmp.identifier()),
                    icmp.sequence(),
                    icmp.data(), icmp.payloadOffset(), icmp.payloadLength());
        }
    }

    /** The gateway's echo reply to a guest's echo request; on any thread. */
    private void echo(EthernetFrame frame, Ipv4Packet ip, IcmpMessage icmp) {
        byte[] out = new byte[Ipv4Frames.IP_PAYLOAD + IcmpMessage.HEADER + icmp.payloadLength()];
        System.arraycopy(icmp.data(), icmp.payloadOffset(), out, Ipv4Frames.IP_PAYLOAD + IcmpMessage.HEADER,
                icmp.payloadLength());
        int length = IcmpMessage.writeEcho(out, Ipv4Frames.IP_PAYLOAD, IcmpMessage.ECHO_REPLY, icmp.identifier(),
                icmp.sequence(), icmp.payloadLength());
        send(out, Ipv4Frames.writeIpv4(out, frame.source(), mac, Ipv4Packet.ICMP, spec.gateway(), ip.source(),
                ip.identification(), length), frame.vlan());
    }

    /** Whether a guest packet is the gateway's business: to the gateway itself, or beyond the subnet. */
    private boolean forGateway(Ipv4Packet ip) {
        return ip.destination().equals(spec.gateway()) || destinations.isOutside(ip.destination());
    }

    /** Tells the guest no: an ICMP destination-unreachable from the gateway. */
    private void refuse(EthernetFrame frame, Ipv4Packet ip, int code) {
        if (!forGateway(ip)) {
            return;
        }
        byte[] out = new byte[Ipv4Frames.IP_PAYLOAD + IcmpMessage.HEADER + ip.headerLength() + 8];
        int length = IcmpMessage.writeDestinationUnreachable(out, Ipv4Frames.IP_PAYLOAD, code, ip);
        send(out, Ipv4Frames.writeIpv4(out, frame.source(), mac, Ipv4Packet.ICMP, spec.gateway(), ip.source(), 0,
                length), frame.vlan());
    }

    /** An echo reply from outside for a guest's ping. */
    private void icmpFromOutside(PingKey key, int sequence, byte[] data, int offset, int length) {
        byte[] out = new byte[Ipv4Frames.IP_PAYLOAD + IcmpMessage.HEADER + length];
        System.arraycopy(data, offset, out, Ipv4Frames.IP_PAYLOAD + IcmpMessage.HEADER, length);
        int icmpLength = IcmpMessage.writeEcho(out, Ipv4Frames.IP_PAYLOAD, IcmpMessage.ECHO_REPLY, key.identifier(),
                sequence, length);
        send(out, Ipv4Frames.writeIpv4(out, key.guestMac(), mac, Ipv4Packet.ICMP, key.remoteIp(), key.guestIp(), 0,
                icmpLength), key.vlan());
    }

    /** How a host peer of a forwarded connection appears to the guest: the host's own addresses as the gateway. */
    private Ipv4Address apparentSource(InetSocketAddress peer) {
        if (peer.getAddress().isLoopbackAddress() || spec.mode() != NetworkMode.NAT) {
            return spec.gateway();
        }
        Ipv4Address address = Ipv4Address.of(peer.getAddress());
        return destinations.isOutside(address) ? address : spec.gateway();
    }

    @Override
    public void tcp(FlowKey flow, TcpHeader header, ByteRing data, int offset, int length) {
        byte[] out = new byte[Ipv4Frames.IP_PAYLOAD + header.length() + length];
        if (length > 0) {
            data.copy(offset, out, Ipv4Frames.IP_PAYLOAD + header.length(), length);
        }
        send(out, Ipv4Frames.writeTcp(out, flow.guestMac(), mac, flow.remoteIp(), flow.guestIp(), header, length),
                flow.vlan());
    }

    @Override
    public void udp(FlowKey flow, byte[] data, int offset, int length) {
        byte[] out = new byte[Ipv4Frames.UDP_PAYLOAD + length];
        System.arraycopy(data, offset, out, Ipv4Frames.UDP_PAYLOAD, length);
        send(out, Ipv4Frames.writeUdp(out, flow.guestMac(), mac, flow.remoteIp(), flow.remotePort(), flow.guestIp(),
                flow.guestPort(), length), flow.vlan());
    }

    private void send(byte[] frame, int length, int vlan) {
        send(ByteBuffer.wrap(frame, 0, length), vlan);
    }

    /**
     * Sends an untagged frame to the guest's VLAN: the gateway's port is the switch's trunk, which takes a
     * frame's VLAN from its tag.
     */
    private void send(ByteBuffer frame, int vlan) {
        if (vlan == EthernetFrame.UNTAGGED) {
            port.send(frame);
            return;
        }
        try {
            EthernetFrame plain = EthernetFrame.parse(frame);
            byte[] tagged = new byte[EthernetFrame.TAGGED_HEADER + plain.payloadLength()];
            int at = EthernetFrame.writeHeader(tagged, 0, plain.destination(), plain.source(), vlan, plain.etherType());
            System.arraycopy(plain.data(), plain.payloadOffset(), tagged, at, plain.payloadLength());
            port.send(ByteBuffer.wrap(tagged));
        } catch (FrameException e) {
            throw new IllegalStateException("the gateway built a frame it cannot read back", e);
        }
    }

    /** Opens a forward's host socket; see {@link PortForwards#add}. */
    public PortForward addForward(PortForward forward) throws NetworkException {
        if (spec.mode() == NetworkMode.ISOLATED) {
            throw new NetworkException("network " + spec.name() + " is isolated: nothing on the host reaches its guests");
        }
        try {
            return loop.call(() -> forwards.add(forward));
        } catch (NetworkException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new NetworkException("cannot add the forward: " + e.getMessage(), e);
        }
    }

    public void removeForward(PortForward forward) {
        callQuietly(() -> forwards.remove(forward));
    }

    public List<PortForward> forwards() {
        return callQuietly(forwards::list);
    }

    public GatewayStats stats() {
        return callQuietly(() -> new GatewayStats(inbox.dropped(), malformed,
                tcp.flows().refused() + udp.flows().refused(), ping.dropped(), tcp.flows().size(), udp.flows().size(),
                loop.faults()));
    }

    private <T> T callQuietly(Callable<T> task) {
        try {
            return loop.call(task);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first bug the network's thread survived, if any: for tests, which must see none. */
    RuntimeException firstFault() {
        return loop.firstFault();
    }

    /** Closes every host socket, then the thread; once. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            loop.call(() -> {
                forwards.close();
                tcp.close();
                udp.close();
                ping.close();
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException("the gateway of " + spec.name() + " did not close cleanly", e);
        } finally {
            loop.close();
            port.close();
        }
    }
}
