package io.vireo.engine.network.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.network.NetworkMode;
import io.vireo.engine.network.frame.TcpHeader;
import io.vireo.engine.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guest TCP through the gateway to a real loopback server, segment by segment. */
class TcpTranslationTest {
    private GatewayFixture net;
    private ServerSocket server;

    @BeforeEach
    void start() throws Exception {
        net = GatewayFixture.nat();
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5000);
    }

    @AfterEach
    void stop() throws IOException {
        net.close();
        server.close();
    }

    private Socket accept() throws IOException {
        Socket host = server.accept();
        host.setSoTimeout(5000);
        return host;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String readExactly(InputStream in, int length) throws IOException {
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    @Test
    void handshakeThenDataBothWays() throws Exception {
        GuestConnection guest = net.connect(server.getLocalPort(), 40000);
        try (Socket host = accept()) {
            guest.send(bytes("hello"));
            assertThat(readExactly(host.getInputStream(), 5)).isEqualTo("hello");
            guest.await(t -> t.has(TcpHeader.ACK) && t.header().acknowledgment() == guest.next);

            host.getOutputStream().write(bytes("world"));
            assertThat(new String(guest.receive(5), StandardCharsets.US_ASCII)).isEqualTo("world");
        }
    }

    @Test
    void aLittleGuestDataWaitsForItsAcknowledgmentAndTwoFullSegmentsDoNot() throws Exception {
        net.close();
        net = GatewayFixture.of(NetworkMode.NAT, GatewayFixture.limitsWithAckDelay(Duration.ofMinutes(1)));
        GuestConnection guest = net.connect(server.getLocalPort(), 40016);
        try (Socket host = accept()) {
            int start = guest.next;
            guest.send(bytes("a small write"));
            assertThat(readExactly(host.getInputStream(), 13)).isEqualTo("a small write");
            assertThat(guest.sees(t -> t.header().acknowledgment() != start, Duration.ofMillis(300))).isFalse();

            byte[] twoSegments = new byte[2 * 1460];
            guest.send(twoSegments);
            assertThat(host.getInputStream().readNBytes(twoSegments.length)).isEqualTo(twoSegments);
            guest.await(t -> t.header().acknowledgment() == start + 13 + twoSegments.length);
        }
    }

    @Test
    void outOfOrderDataIsRefusedUntilTheGapIsFilled() throws Exception {
        GuestConnection guest = net.connect(server.getLocalPort(), 40001);
        try (Socket host = accept()) {
            int start = guest.next;
            guest.sendAt(start + 5, bytes("world"));
            guest.await(t -> t.data().length == 0 && t.header().acknowledgment() == start);

            guest.sendAt(start, bytes("hello"));
            guest.await(t -> t.header().acknowledgment() == start + 5);
            guest.sendAt(start + 5, bytes("world"));
            guest.await(t -> t.header().acknowledgment() == start + 10);
            assertThat(readExactly(host.getInputStream(), 10)).isEqualTo("helloworld");
        }
    }

    @Test
    void threeDuplicateAcksMakeTheGatewayResend() throws Exception {
        GuestConnection guest = net.connect(server.getLocalPort(), 40002);
        try (Socket host = accept()) {
            host.getOutputStream().write(bytes("lost in transit"));
            FakeGuest.Tcp first = guest.await(t -> t.data().length > 0);
            for (int i = 0; i < 3; i++) {
                guest.ack();
            }
            FakeGuest.Tcp again = guest.await(t -> t.data().length > 0);
            assertThat(again.header().sequence()).isEqualTo(first.header().sequence());
            assertThat(new String(again.data(), StandardCharsets.US_ASCII)).isEqualTo("lost in transit");
        }
    }

    @Test
    void dataTheGuestDoesNotAcknowledgeIsSentAgainAfterATimeout() throws Exception {
        net.close();
        net = GatewayFixture.of(NetworkMode.NAT, GatewayFixture.limits(Duration.ofHours(1), 8, Duration.ofMinutes(1),
                Duration.ofMillis(200)));
        GuestConnection guest = net.connect(server.getLocalPort(), 40015);
        try (Socket host = accept()) {
            host.getOutputStream().write(bytes("say again"));
            FakeGuest.Tcp first = guest.await(t -> t.data().length > 0);
            FakeGuest.Tcp again = guest.await(t -> t.data().length > 0);
            assertThat(again.header().sequence()).isEqualTo(first.header().sequence());
            assertThat(again.data()).isEqualTo(first.data());
        }
    }

    @Test
    void aZeroWindowStopsDataUntilTheWindowOpens() throws Exception {
        GuestConnection guest = GuestConnection.open(net.guest, GatewayFixture.GATEWAY_MAC, net.gatewayIp(),
                server.getLocalPort(), 40003, 1000, TcpHeader.ABSENT);
        try (Socket host = accept()) {
            host.getOutputStream().write(new byte[3000]);
            FakeGuest.Tcp first = guest.await(t -> t.data().length > 0);
            assertThat(first.data()).hasSize(1000);
            guest.expected += 1000;
            guest.window = 0;
            guest.ack();
            assertThat(guest.sees(t -> t.data().length > 0, Duration.ofMillis(300))).isFalse();

            guest.window = 1000;
            guest.ack();
            assertThat(guest.receive(2000)).hasSize(2000);
        }
    }

    @Test
    void windowsAreScaledBothWays() throws Exception {
        GuestConnection guest = GuestConnection.open(net.guest, GatewayFixture.GATEWAY_MAC, net.gatewayIp(),
                server.getLocalPort(), 40004, 500, 2);
        assertThat(guest.synAck.header().windowScale()).isEqualTo(TcpFlow.OUR_WINDOW_SCALE);
        try (Socket host = accept()) {
            host.getOutputStream().write(new byte[5000]);
            List<FakeGuest.Tcp> burst = guest.collect(t -> t.data().length > 0, Duration.ofMillis(300));
            assertThat(burst.stream().mapToInt(t -> t.data().length).sum()).isEqualTo(500 << 2);
            assertThat(burst).allSatisfy(t -> assertThat(t.header().window())
                    .isEqualTo(64 * 1024 >> TcpFlow.OUR_WINDOW_SCALE));
        }
    }

    @Test
    void theGuestClosesFirstAndStillReceives() throws Exception {
        GuestConnection guest = net.connect(server.getLocalPort(), 40005);
        try (Socket host = accept()) {
            guest.fin();
            assertThat(host.getInputStream().read()).isEqualTo(-1);
            guest.await(t -> t.header().acknowledgment() == guest.next);

            host.getOutputStream().write(bytes("late"));
            assertThat(new String(guest.receive(4), StandardCharsets.US_ASCII)).isEqualTo("late");
            host.close();
            guest.awaitFin();
            Await.until(() -> net.gateway.stats().tcpFlows() == 0, Duration.ofSeconds(5), () -> "the flow is still open");
        }
    }

    @Test
    void theHostClosesFirstAndStillReceives() throws Exception {
        GuestConnection guest = net.connect(server.getLocalPort(), 40006);
        try (Socket host = accept()) {
            host.shutdownOutput();
            guest.awaitFin();

            guest.send(bytes("after"));
            assertThat(readExactly(host.getInputStream(), 5)).isEqualTo("after");
            guest.fin();
            assertThat(host.getInputStream().read()).isEqualTo(-1);
            Await.until(() -> net.gateway.stats().tcpFlows() == 0, Duration.ofSeconds(5), () -> "the flow is still open");
        }
    }

    @Test
    void aGuestResetResetsTheHostConnection() throws Exception {
        GuestConnection guest = net.connect(server.getLocalPort(), 40007);
        try (Socket host = accept()) {
            guest.reset();
            assertThatThrownBy(() -> host.getInputStream().read()).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void aHostResetResetsTheGuestConnection() throws Exception {
        GuestConnection guest = net.connect(server.getLocalPort(), 40008);
        try (Socket host = accept()) {
            host.setSoLinger(true, 0);
            host.close();
            guest.await(t -> t.has(TcpHeader.RST));
        }
    }

    @Test
    void aClosedHostPortRefusesWithAReset() throws Exception {
        int closed;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = gone.getLocalPort();
        }
        GuestConnection guest = GuestConnection.open(net.guest, GatewayFixture.GATEWAY_MAC, net.gatewayIp(), closed,
                40009, 65535, TcpHeader.ABSENT, false);
        FakeGuest.Tcp reset = guest.await(t -> t.has(TcpHeader.RST));
        assertThat(reset.header().acknowledgment()).isEqualTo(GuestConnection.ISS + 1);
    }

    @Test
    void anIdleConnectionIsResetOnBothEnds() throws Exception {
        net.close();
        net = GatewayFixture.of(NetworkMode.NAT, GatewayFixture.limits(Duration.ofMillis(300), 8));
        GuestConnection guest = net.connect(server.getLocalPort(), 40010);
        try (Socket host = accept()) {
            guest.await(t -> t.has(TcpHeader.RST));
            assertThatThrownBy(() -> {
                if (host.getInputStream().read() < 0) {
                    throw new SocketException("closed");
                }
            }).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void aGuestPastItsFlowLimitIsReset() throws Exception {
        net.close();
        net = GatewayFixture.of(NetworkMode.NAT, GatewayFixture.limits(Duration.ofHours(1), 2));
        net.connect(server.getLocalPort(), 40011);
        net.connect(server.getLocalPort(), 40012);
        GuestConnection third = GuestConnection.open(net.guest, GatewayFixture.GATEWAY_MAC, net.gatewayIp(),
                server.getLocalPort(), 40013, 65535, TcpHeader.ABSENT, false);
        third.await(t -> t.has(TcpHeader.RST));
        assertThat(net.gateway.stats().tcpFlows()).isEqualTo(2);
    }

    @Test
    void aMegabyteCrossesEachWayIntact() throws Exception {
        byte[] upload = new byte[1 << 20];
        byte[] download = new byte[1 << 20];
        new Random(16).nextBytes(upload);
        new Random(61).nextBytes(download);
        GuestConnection guest = net.connect(server.getLocalPort(), 40014);
        try (Socket host = accept()) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return host.getInputStream().readNBytes(upload.length);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            guest.sendAll(upload, 1460, TcpFlow.OUR_WINDOW_SCALE);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(upload);

            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    host.getOutputStream().write(download);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(guest.receive(download.length)).isEqualTo(download);
            writer.join();
        }
    }

    @Test
    void idleUdpFlowsExpire() throws Exception {
        net.close();
        net = GatewayFixture.of(NetworkMode.NAT, GatewayFixture.limits(Duration.ofHours(1), 8, Duration.ofMillis(200)));
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            net.guest.sendUdp(GatewayFixture.GATEWAY_MAC, net.gatewayIp(), 6000, peer.getLocalPort(), bytes("x"));
            Await.until(() -> net.gateway.stats().udpFlows() == 1, Duration.ofSeconds(5), () -> "no UDP flow opened");
            Await.until(() -> net.gateway.stats().udpFlows() == 0, Duration.ofSeconds(5), () -> "the UDP flow stayed");
        }
    }
}
