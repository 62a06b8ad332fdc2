package io.vireo.engine.network.gateway;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.frame.TcpHeader;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A fake guest's side of one TCP connection, scripted segment by segment. */
final class GuestConnection {
    static final int ISS = 1_000_000;

    final FakeGuest guest;
    final MacAddress gateway;
    final Ipv4Address remote;
    final int remotePort;
    final int localPort;
    int next;
    int expected;
    int window;
    FakeGuest.Tcp synAck;

    private GuestConnection(FakeGuest guest, MacAddress gateway, Ipv4Address remote, int remotePort, int localPort) {
        this.guest = guest;
        this.gateway = gateway;
        this.remote = remote;
        this.remotePort = remotePort;
        this.localPort = localPort;
    }

    /** Connects with the window and window scale offered ({@link TcpHeader#ABSENT} for none); returns the SYN-ACK. */
    static GuestConnection open(FakeGuest guest, MacAddress gateway, Ipv4Address remote, int remotePort, int localPort,
                                int window, int scale) throws InterruptedException {
        return open(guest, gateway, remote, remotePort, localPort, window, scale, true);
    }

    /** Sends the SYN, and completes the handshake when {@code complete}; else the test looks at the answer. */
    static GuestConnection open(FakeGuest guest, MacAddress gateway, Ipv4Address remote, int remotePort, int localPort,
                                int window, int scale, boolean complete) throws InterruptedException {
        GuestConnection connection = new GuestConnection(guest, gateway, remote, remotePort, localPort);
        connection.window = window;
        connection.syn(scale);
        if (!complete) {
            return connection;
        }
        FakeGuest.Tcp synAck = connection.await(t -> t.has(TcpHeader.SYN | TcpHeader.ACK));
        connection.synAck = synAck;
        if (synAck.header().acknowledgment() != ISS + 1) {
            throw new AssertionError("the SYN-ACK acknowledges " + synAck.header().acknowledgment());
        }
        connection.expected = synAck.header().sequence() + 1;
        connection.next = ISS + 1;
        connection.ack();
        return connection;
    }

    /** A connection a port forward opens towards the guest: answers the gateway's SYN. */
    static GuestConnection accept(FakeGuest guest, MacAddress gateway, int localPort, int window)
            throws InterruptedException {
        FakeGuest.Tcp syn = guest.awaitTcp(t -> t.header().flags() == TcpHeader.SYN
                && t.header().destinationPort() == localPort);
        GuestConnection connection = new GuestConnection(guest, gateway, syn.source(), syn.header().sourcePort(),
                localPort);
        connection.window = window;
        connection.expected = syn.header().sequence() + 1;
        connection.next = ISS;
        connection.segment(TcpHeader.SYN | TcpHeader.ACK, 1460, TcpHeader.ABSENT, new byte[0]);
        connection.next = ISS + 1;
        return connection;
    }

    void syn(int scale) {
        next = ISS;
        segment(TcpHeader.SYN, 1460, scale, new byte[0]);
    }

    void send(byte[] data) {
        sendAt(next, data);
        next += data.length;
    }

    void sendAt(int sequence, byte[] data) {
        guest.sendTcp(gateway, remote, new TcpHeader(localPort, remotePort, sequence, expected,
                TcpHeader.ACK | TcpHeader.PSH, window, TcpHeader.ABSENT, TcpHeader.ABSENT), data);
    }

    void ack() {
        segment(TcpHeader.ACK, TcpHeader.ABSENT, TcpHeader.ABSENT, new byte[0]);
    }

    void fin() {
        segment(TcpHeader.FIN | TcpHeader.ACK, TcpHeader.ABSENT, TcpHeader.ABSENT, new byte[0]);
        next++;
    }

    void reset() {
        segment(TcpHeader.RST, TcpHeader.ABSENT, TcpHeader.ABSENT, new byte[0]);
    }

    private void segment(int flags, int mss, int scale, byte[] data) {
        guest.sendTcp(gateway, remote, new TcpHeader(localPort, remotePort, next, flags == TcpHeader.SYN ? 0 : expected,
                flags, window, mss, scale), data);
    }

    FakeGuest.Tcp await(Predicate<FakeGuest.Tcp> wanted) throws InterruptedException {
        return guest.awaitTcp(mine().and(wanted));
    }

    boolean sees(Predicate<FakeGuest.Tcp> wanted, Duration within) throws InterruptedException {
        return guest.seesTcp(mine().and(wanted), within);
    }

    /** Every segment matching {@code wanted} until none came for {@code quiet}. */
    List<FakeGuest.Tcp> collect(Predicate<FakeGuest.Tcp> wanted, Duration quiet) throws InterruptedException {
        List<FakeGuest.Tcp> segments = new ArrayList<>();
        for (FakeGuest.Tcp t = guest.pollTcp(mine().and(wanted), quiet); t != null;
             t = guest.pollTcp(mine().and(wanted), quiet)) {
            segments.add(t);
        }
        return segments;
    }

    Predicate<FakeGuest.Tcp> mine() {
        return t -> t.header().destinationPort() == localPort && t.header().sourcePort() == remotePort
                && t.source().equals(remote);
    }

    /** Takes in-order data until {@code length} bytes came, acknowledging each segment. */
    byte[] receive(int length) throws InterruptedException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (data.size() < length) {
            FakeGuest.Tcp segment = await(t -> t.data().length > 0 && t.header().sequence() == expected);
            data.writeBytes(segment.data());
            expected += segment.data().length;
            ack();
        }
        return data.toByteArray();
    }

    /** Waits for the gateway's FIN after the data taken so far, and acknowledges it. */
    void awaitFin() throws InterruptedException {
        await(t -> t.has(TcpHeader.FIN) && t.header().sequence() == expected);
        expected++;
        ack();
    }
}
