package io.vireo.engine.network.gateway;

import io.vireo.engine.network.FrameReceiver;
import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.frame.ArpPacket;
import io.vireo.engine.network.frame.EthernetFrame;
import io.vireo.engine.network.frame.FrameException;
import io.vireo.engine.network.frame.IcmpMessage;
import io.vireo.engine.network.frame.Ipv4Frames;
import io.vireo.engine.network.frame.Ipv4Packet;
import io.vireo.engine.network.frame.TcpHeader;
import io.vireo.engine.network.frame.TcpSegment;
import io.vireo.engine.network.frame.UdpDatagram;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A scripted guest NIC for gateway and uplink tests: sends frames it builds with the frame package, and keeps
 * every frame it receives until a test takes one that matches what it waits for.
 */
public final class FakeGuest implements FrameReceiver {
    static final Duration WAIT = Duration.ofSeconds(5);

    /** A TCP segment the guest received, with its IPv4 addresses and a copy of its data. */
    record Tcp(Ipv4Address source, Ipv4Address destination, TcpHeader header, byte[] data) {
        boolean has(int flag) {
            return header.has(flag);
        }
    }

    /** A UDP datagram the guest received. */
    record Udp(Ipv4Address source, int sourcePort, int destinationPort, byte[] data) {
    }

    /** An ICMP message the guest received, with the data after its 8-byte header. */
    public record Icmp(Ipv4Address source, int type, int code, int rest, byte[] data) {
    }

    public final MacAddress mac;
    final Ipv4Address ip;
    private final List<byte[]> received = new ArrayList<>();
    private Consumer<ByteBuffer> wire;

    public FakeGuest(MacAddress mac, Ipv4Address ip) {
        this.mac = mac;
        this.ip = ip;
    }

    public void connect(Consumer<ByteBuffer> wire) {
        this.wire = wire;
    }

    @Override
    public synchronized void receive(ByteBuffer frame) {
        byte[] copy = new byte[frame.remaining()];
        frame.get(frame.position(), copy);
        received.add(copy);
        notifyAll();
    }

    void send(byte[] frame, int length) {
        wire.accept(ByteBuffer.wrap(frame, 0, length));
    }

    void sendTcp(MacAddress to, Ipv4Address destination, TcpHeader header, byte[] data) {
        byte[] out = new byte[Ipv4Frames.IP_PAYLOAD + header.length() + data.length];
        System.arraycopy(data, 0, out, Ipv4Frames.IP_PAYLOAD + header.length(), data.length);
        send(out, Ipv4Frames.writeTcp(out, to, mac, ip, destination, header, data.length));
    }

    void sendUdp(MacAddress to, Ipv4Address destination, int sourcePort, int destinationPort, byte[] data) {
        byte[] out = new byte[Ipv4Frames.UDP_PAYLOAD + data.length];
        System.arraycopy(data, 0, out, Ipv4Frames.UDP_PAYLOAD, data.length);
        send(out, Ipv4Frames.writeUdp(out, to, mac, ip, sourcePort, destination, destinationPort, data.length));
    }

    public void sendPing(MacAddress to, Ipv4Address destination, int identifier, int sequence, byte[] data) {
        byte[] out = new byte[Ipv4Frames.IP_PAYLOAD + IcmpMessage.HEADER + data.length];
        System.arraycopy(data, 0, out, Ipv4Frames.IP_PAYLOAD + IcmpMessage.HEADER, data.length);
        int length = IcmpMessage.writeEcho(out, Ipv4Frames.IP_PAYLOAD, IcmpMessage.ECHO_REQUEST, identifier, sequence,
                data.length);
        send(out, Ipv4Frames.writeIpv4(out, to, mac, Ipv4Packet.ICMP, ip, destination, 1, length));
    }

    public void sendArpRequest(Ipv4Address target) {
        byte[] out = new byte[EthernetFrame.HEADER + ArpPacket.LENGTH];
        int at = EthernetFrame.writeHeader(out, 0, MacAddress.BROADCAST, mac, EthernetFrame.UNTAGGED, EthernetFrame.ARP);
        new ArpPacket(ArpPacket.REQUEST, mac, ip, new MacAddress(0), target).write(out, at);
        send(out, out.length);
    }

    public ArpPacket awaitArp() throws InterruptedException {
        return await(this::arp, WAIT);
    }

    /** The next ARP packet within {@code timeout}, or null. */
    public ArpPacket pollArp(Duration timeout) throws InterruptedException {
        return tryAwait(this::arp, timeout);
    }

    private ArpPacket arp(EthernetFrame frame) {
        return frame.etherType() == EthernetFrame.ARP ? parse(() -> ArpPacket.parse(frame)) : null;
    }

    Tcp awaitTcp(Predicate<Tcp> wanted) throws InterruptedException {
        return awaitTcp(wanted, WAIT);
    }

    Tcp awaitTcp(Predicate<Tcp> wanted, Duration timeout) throws InterruptedException {
        return await(frame -> tcp(frame).filter(wanted).orElse(null), timeout);
    }

    /** Whether a TCP segment matching {@code wanted} arrives within {@code timeout} (and takes it if so). */
    boolean seesTcp(Predicate<Tcp> wanted, Duration timeout) throws InterruptedException {
        return pollTcp(wanted, timeout) != null;
    }

    /** The next TCP segment matching {@code wanted} within {@code timeout}, or null. */
    Tcp pollTcp(Predicate<Tcp> wanted, Duration timeout) throws InterruptedException {
        return tryAwait(frame -> tcp(frame).filter(wanted).orElse(null), timeout);
    }

    Udp awaitUdp() throws InterruptedException {
        return await(frame -> udp(frame).orElse(null), WAIT);
    }

    public Icmp awaitIcmp() throws InterruptedException {
        return await(frame -> icmp(frame).orElse(null), WAIT);
    }

    /** An ICMP message the guest holds already, without waiting; null if none. */
    Icmp icmpReceived() throws InterruptedException {
        return tryAwait(frame -> icmp(frame).orElse(null), Duration.ZERO);
    }

    private <T> T await(Match<T> match, Duration timeout) throws InterruptedException {
        T found = tryAwait(match, timeout);
        if (found == null) {
            throw new AssertionError("the guest did not receive what it waited for within " + timeout + "; it holds "
                    + received.size() + " other frames");
        }
        return found;
    }

    private synchronized <T> T tryAwait(Match<T> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Iterator<byte[]> it = received.iterator(); it.hasNext(); ) {
                byte[] bytes = it.next();
                T found = parse(() -> match.apply(EthernetFrame.parse(bytes, 0, bytes.length)));
                if (found != null) {
                    it.remove();
                    return found;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private Optional<Tcp> tcp(EthernetFrame frame) throws FrameException {
        Optional<Ipv4Packet> ip = ipv4(frame, Ipv4Packet.TCP);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        if (!ip.get().transportChecksumValid()) {
            throw new AssertionError("the gateway sent a TCP segment with a wrong checksum");
        }
        TcpSegment segment = TcpSegment.parse(ip.get());
        byte[] data = Arrays.copyOfRange(segment.data(), segment.payloadOffset(),
                segment.payloadOffset() + segment.payloadLength());
        return Optional.of(new Tcp(ip.get().source(), ip.get().destination(), segment.header(), data));
    }

    private Optional<Udp> udp(EthernetFrame frame) throws FrameException {
        Optional<Ipv4Packet> ip = ipv4(frame, Ipv4Packet.UDP);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        if (!ip.get().transportChecksumValid()) {
            throw new AssertionError("the gateway sent a UDP datagram with a wrong checksum");
        }
        UdpDatagram datagram = UdpDatagram.parse(ip.get());
        return Optional.of(new Udp(ip.get().source(), datagram.sourcePort(), datagram.destinationPort(),
                Arrays.copyOfRange(datagram.data(), datagram.payloadOffset(),
                        datagram.payloadOffset() + datagram.payloadLength())));
    }

    private Optional<Icmp> icmp(EthernetFrame frame) throws FrameException {
        Optional<Ipv4Packet> ip = ipv4(frame, Ipv4Packet.ICMP);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        IcmpMessage message = IcmpMessage.parse(ip.get());
        return Optional.of(new Icmp(ip.get().source(), message.type(), message.code(), message.rest(),
                Arrays.copyOfRange(message.data(), message.payloadOffset(),
                        message.payloadOffset() + message.payloadLength())));
    }

    private Optional<Ipv4Packet> ipv4(EthernetFrame frame, int protocol) throws FrameException {
        if (frame.etherType() != EthernetFrame.IPV4 || !frame.destination().equals(mac)) {
            return Optional.empty();
        }
        Ipv4Packet ip = Ipv4Packet.parse(frame);
        return ip.protocol() == protocol ? Optional.of(ip) : Optional.empty();
    }

    /** Picks a frame a test waits for: what it found in it, or null to keep looking. */
    private interface Match<T> {
        T apply(EthernetFrame frame) throws FrameException;
    }

    /** A parse step a test expects to succeed: a malformed frame from the gateway fails the test. */
    private interface Parse<T> {
        T run() throws FrameException;
    }

    private static <T> T parse(Parse<T> step) {
        try {
            return step.run();
        } catch (FrameException e) {
            throw new AssertionError("the gateway sent a malformed frame: " + e.getMessage(), e);
        }
    }
}
