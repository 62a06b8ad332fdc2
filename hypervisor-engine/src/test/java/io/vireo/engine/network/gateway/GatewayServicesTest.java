package io.vireo.engine.network.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.NetworkMode;
import io.vireo.engine.network.frame.ArpPacket;
import io.vireo.engine.network.frame.IcmpMessage;
import io.vireo.engine.network.frame.TcpHeader;
import io.vireo.engine.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ARP, ping, UDP and DNS at the gateway, and what each network mode refuses. */
class GatewayServicesTest {
    private static final Ipv4Address OUTSIDE = Ipv4Address.parse("192.0.2.1");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theGatewayAnswersArpAndPingForItself() throws Exception {
        try (GatewayFixture net = GatewayFixture.of(NetworkMode.ISOLATED, GatewayFixture.limits())) {
            net.guest.sendArpRequest(net.gatewayIp());
            ArpPacket reply = net.guest.awaitArp();
            assertThat(reply.operation()).isEqualTo(ArpPacket.REPLY);
            assertThat(reply.senderMac()).isEqualTo(GatewayFixture.GATEWAY_MAC);
            assertThat(reply.senderIp()).isEqualTo(net.gatewayIp());

            net.guest.sendPing(GatewayFixture.GATEWAY_MAC, net.gatewayIp(), 7, 1, bytes("are you there"));
            FakeGuest.Icmp echo = net.guest.awaitIcmp();
            assertThat(echo.type()).isEqualTo(IcmpMessage.ECHO_REPLY);
            assertThat(echo.rest()).isEqualTo(7 << 16 | 1);
            assertThat(new String(echo.data(), StandardCharsets.US_ASCII)).isEqualTo("are you there");
        }
    }

    @Test
    void aPingToTheGatewayIsAnsweredBeforeItsSendReturns() throws Exception {
        try (GatewayFixture net = GatewayFixture.of(NetworkMode.NAT, GatewayFixture.limits())) {
            net.guest.sendPing(GatewayFixture.GATEWAY_MAC, net.gatewayIp(), 8, 2, bytes("at once"));
            FakeGuest.Icmp echo = net.guest.icmpReceived();
            assertThat(echo).as("the reply, already there").isNotNull();
            assertThat(echo.type()).isEqualTo(IcmpMessage.ECHO_REPLY);
            assertThat(echo.rest()).isEqualTo(8 << 16 | 2);
        }
    }

    @Test
    void udpGoesToTheHostAndTheAnswerComesBackFromTheGateway() throws Exception {
        try (GatewayFixture net = GatewayFixture.nat();
             DatagramSocket echo = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> echoOnce(echo));
            net.guest.sendUdp(GatewayFixture.GATEWAY_MAC, net.gatewayIp(), 5353, echo.getLocalPort(), bytes("ping?"));
            FakeGuest.Udp answer = net.guest.awaitUdp();
            assertThat(answer.source()).isEqualTo(net.gatewayIp());
            assertThat(answer.sourcePort()).isEqualTo(echo.getLocalPort());
            assertThat(answer.destinationPort()).isEqualTo(5353);
            assertThat(new String(answer.data(), StandardCharsets.US_ASCII)).isEqualTo("ping?");
        }
    }

    private static void echoOnce(DatagramSocket socket) {
        try {
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            socket.receive(packet);
            socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void dnsToTheGatewayIsRelayedToTheUpstreamResolver() throws Exception {
        try (DatagramSocket resolver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             GatewayFixture net = GatewayFixture.withDns((InetSocketAddress) resolver.getLocalSocketAddress())) {
            Thread.ofVirtual().start(() -> answerOneQuery(resolver));
            byte[] query = dnsQuery(0x1234);
            net.guest.sendUdp(GatewayFixture.GATEWAY_MAC, net.gatewayIp(), 33333, 53, query);
            FakeGuest.Udp answer = net.guest.awaitUdp();
            assertThat(answer.source()).isEqualTo(net.gatewayIp());
            assertThat(answer.sourcePort()).isEqualTo(53);
            assertThat(answer.destinationPort()).isEqualTo(33333);
            assertThat(answer.data()[0] & 0xFF).isEqualTo(0x12);
            assertThat(answer.data()[1] & 0xFF).isEqualTo(0x34);
            assertThat(answer.data()[2] & 0x80).as("the response flag").isEqualTo(0x80);
        }
    }

    /** A query for {@code vireo.test} type A. */
    private static byte[] dnsQuery(int id) {
        byte[] name = {5, 'v', 'i', 'r', 'e', 'o', 4, 't', 'e', 's', 't', 0};
        byte[] query = new byte[12 + name.length + 4];
        query[0] = (byte) (id >> 8);
        query[1] = (byte) id;
        query[2] = 1;
        query[5] = 1;
        System.arraycopy(name, 0, query, 12, name.length);
        query[12 + name.length + 1] = 1;
        query[12 + name.length + 3] = 1;
        return query;
    }

    /** A stub resolver: answers with the query turned into a response (no records; enough for a relay). */
    private static void answerOneQuery(DatagramSocket socket) {
        try {
            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            socket.receive(packet);
            byte[] response = Arrays.copyOf(packet.getData(), packet.getLength());
            response[2] |= (byte) 0x80;
            socket.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anIsolatedNetworkRefusesTheHost() throws Exception {
        try (GatewayFixture net = GatewayFixture.of(NetworkMode.ISOLATED, GatewayFixture.limits());
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            GuestConnection.open(net.guest, GatewayFixture.GATEWAY_MAC, net.gatewayIp(), server.getLocalPort(), 41000,
                    65535, TcpHeader.ABSENT, false).await(t -> t.has(TcpHeader.RST));

            net.guest.sendUdp(GatewayFixture.GATEWAY_MAC, net.gatewayIp(), 5353, 53, dnsQuery(1));
            FakeGuest.Icmp unreachable = net.guest.awaitIcmp();
            assertThat(unreachable.type()).isEqualTo(IcmpMessage.DESTINATION_UNREACHABLE);
            assertThat(unreachable.code()).isEqualTo(IcmpMessage.PORT_UNREACHABLE);
        }
    }

    @Test
    void aHostOnlyNetworkReachesTheHostButNothingBeyond() throws Exception {
        try (GatewayFixture net = GatewayFixture.of(NetworkMode.HOST_ONLY, GatewayFixture.limits());
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            net.connect(server.getLocalPort(), 41001);
            server.setSoTimeout(5000);
            server.accept().close();

            GuestConnection.open(net.guest, GatewayFixture.GATEWAY_MAC, OUTSIDE, 80, 41002, 65535, TcpHeader.ABSENT,
                    false).await(t -> t.has(TcpHeader.RST));
            net.guest.sendUdp(GatewayFixture.GATEWAY_MAC, OUTSIDE, 5353, 9, bytes("out"));
            FakeGuest.Icmp udpRefused = net.guest.awaitIcmp();
            assertThat(udpRefused.code()).isEqualTo(IcmpMessage.ADMINISTRATIVELY_PROHIBITED);
            net.guest.sendPing(GatewayFixture.GATEWAY_MAC, OUTSIDE, 1, 1, bytes("out"));
            FakeGuest.Icmp pingRefused = net.guest.awaitIcmp();
            assertThat(pingRefused.type()).isEqualTo(IcmpMessage.DESTINATION_UNREACHABLE);
            assertThat(net.gateway.stats().tcpFlows()).isEqualTo(1);
            assertThat(net.gateway.stats().udpFlows()).isZero();
        }
    }

    @Test
    void aHostOnlyNetworkRelaysDnsOnlyToAResolverOnTheHost() throws Exception {
        InetSocketAddress remoteResolver = new InetSocketAddress(OUTSIDE.toInetAddress(), 53);
        try (GatewayFixture net = GatewayFixture.withDns(NetworkMode.HOST_ONLY, remoteResolver)) {
            net.guest.sendUdp(GatewayFixture.GATEWAY_MAC, net.gatewayIp(), 33334, 53, dnsQuery(2));
            FakeGuest.Icmp refused = net.guest.awaitIcmp();
            assertThat(refused.type()).isEqualTo(IcmpMessage.DESTINATION_UNREACHABLE);
            assertThat(net.gateway.stats().udpFlows()).isZero();
        }
    }

    @Test
    void aNatGuestPingsBeyondTheGatewayWhenTheHostAllowsIt() throws Exception {
        try (GatewayFixture net = GatewayFixture.nat()) {
            assumeTrue(IcmpSocket.open().map(socket -> {
                socket.close();
                return true;
            }).orElse(false), "this process may open neither a ping socket nor a raw ICMP socket");
            Ipv4Address loopback = Ipv4Address.parse("127.0.0.1");
            net.guest.sendPing(GatewayFixture.GATEWAY_MAC, loopback, 42, 9, bytes("outside"));
            FakeGuest.Icmp echo = net.guest.awaitIcmp();
            assertThat(echo.source()).isEqualTo(loopback);
            assertThat(echo.type()).isEqualTo(IcmpMessage.ECHO_REPLY);
            assertThat(echo.rest()).isEqualTo(42 << 16 | 9);
            assertThat(new String(echo.data(), StandardCharsets.US_ASCII)).isEqualTo("outside");
        }
    }

    @Test
    void aFloodingGuestLosesOnlyItsOwnFrames() throws Exception {
        try (GatewayFixture net = GatewayFixture.nat()) {
            // Straight into the gateway's port, past the switch that would stop frames from a MAC not its own.
            byte[] junk = new byte[60];
            int sent = 20_000;
            for (int i = 0; i < sent; i++) {
                net.gateway.receive(ByteBuffer.wrap(junk));
            }
            net.guest.sendArpRequest(net.gatewayIp());
            assertThat(net.guest.awaitArp().senderIp()).isEqualTo(net.gatewayIp());
            Await.until(() -> net.gateway.stats().inboxDrops() + net.gateway.stats().malformed() >= sent,
                    Duration.ofSeconds(5), () -> "not every junk frame was counted: " + net.gateway.stats());
        }
    }
}
