package io.vireo.engine.network.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkException;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.PortForward;
import io.vireo.engine.network.Protocol;
import io.vireo.engine.network.SwitchPort;
import io.vireo.engine.network.VirtualNetwork;
import io.vireo.engine.network.frame.ArpPacket;
import io.vireo.engine.testing.Await;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Port forwards through a whole VirtualNetwork to a fake guest, and what closing the network leaves behind. */
class PortForwardsTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private VirtualNetwork network;
    private FakeGuest guest;
    private SwitchPort port;
    private MacAddress gatewayMac;

    @BeforeEach
    void start() throws Exception {
        network = VirtualNetwork.start(NetworkSpec.userNat("forwards"));
        guest = new FakeGuest(GatewayFixture.GUEST_MAC, network.spec().subnet().host(15));
        port = network.plug(guest.mac, OptionalInt.empty(), guest);
        guest.connect(port::send);
        guest.sendArpRequest(network.spec().gateway());
        ArpPacket reply = guest.awaitArp();
        assertThat(reply.senderIp()).isEqualTo(network.spec().gateway());
        gatewayMac = reply.senderMac();
    }

    @AfterEach
    void stop() {
        port.close();
        network.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aTcpForwardReachesTheGuestPortAndCarriesDataBothWays() throws Exception {
        PortForward forward = network.addForward(new PortForward(Protocol.TCP, ANY_LOOPBACK_PORT, guest.mac, 8080));
        assertThat(forward.host().getPort()).isPositive();
        assertThat(network.forwards()).containsExactly(forward);

        try (Socket host = new Socket(InetAddress.getLoopbackAddress(), forward.host().getPort())) {
            host.setSoTimeout(5000);
            GuestConnection served = GuestConnection.accept(guest, gatewayMac, 8080, 65535);
            assertThat(served.remote).isEqualTo(network.spec().gateway());
            served.await(t -> t.header().acknowledgment() == served.next);
            host.getOutputStream().write(bytes("GET /"));
            assertThat(new String(served.receive(5), StandardCharsets.US_ASCII)).isEqualTo("GET /");
            served.send(bytes("200 OK"));
            assertThat(new String(host.getInputStream().readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("200 OK");
        }
    }

    @Test
    void aUdpForwardDeliversDatagramsAndTheGuestAnswers() throws Exception {
        PortForward forward = network.addForward(new PortForward(Protocol.UDP, ANY_LOOPBACK_PORT, guest.mac, 5300));
        try (DatagramSocket host = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            host.setSoTimeout(5000);
            host.send(new DatagramPacket(bytes("hello guest"), 11, forward.host()));
            FakeGuest.Udp datagram = guest.awaitUdp();
            assertThat(datagram.destinationPort()).isEqualTo(5300);
            assertThat(datagram.source()).isEqualTo(network.spec().gateway());
            assertThat(new String(datagram.data(), StandardCharsets.US_ASCII)).isEqualTo("hello guest");

            guest.sendUdp(gatewayMac, datagram.source(), 5300, datagram.sourcePort(),
                    bytes("hello host"));
            DatagramPacket answer = new DatagramPacket(new byte[64], 64);
            host.receive(answer);
            assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII))
                    .isEqualTo("hello host");
        }
    }

    @Test
    void aTakenHostPortIsRefusedWithItsAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
            assertThatThrownBy(() -> network.addForward(new PortForward(Protocol.TCP, address, guest.mac, 80)))
                    .isInstanceOf(NetworkException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort() + " is already in use");
            assertThat(network.forwards()).isEmpty();
        }
    }

    @Test
    void aRemovedForwardFreesItsHostPort() throws Exception {
        PortForward forward = network.addForward(new PortForward(Protocol.TCP, ANY_LOOPBACK_PORT, guest.mac, 8080));
        network.removeForward(forward);
        assertThat(network.forwards()).isEmpty();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(forward.host());
        }
    }

    @Test
    void closingTheNetworkLeavesNoThreadOrSocket() throws Exception {
        // A first network of its kind makes the JDK open what it keeps for good (its own descriptors).
        startWithForwards().close();
        long threadsBefore = networkThreads();
        long descriptorsBefore = openDescriptors();
        VirtualNetwork other = startWithForwards();
        PortForward forward = other.forwards().getFirst();
        assertThat(networkThreads()).isEqualTo(threadsBefore + 1);

        other.close();
        assertThat(networkThreads()).isEqualTo(threadsBefore);
        try (ServerSocket again = new ServerSocket()) {
            again.bind(forward.host());
        }
        Await.until(() -> openDescriptors() <= descriptorsBefore, Duration.ofSeconds(5),
                () -> openDescriptors() + " descriptors open, " + descriptorsBefore + " before: " + descriptors());
    }

    private VirtualNetwork startWithForwards() throws NetworkException {
        VirtualNetwork other = VirtualNetwork.start(NetworkSpec.userNat("closing"));
        other.addForward(new PortForward(Protocol.TCP, ANY_LOOPBACK_PORT, guest.mac, 22));
        other.addForward(new PortForward(Protocol.UDP, ANY_LOOPBACK_PORT, guest.mac, 53));
        return other;
    }

    private static long networkThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith("vireo-net-")).count();
    }

    private static String descriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "?";
                }
            }).toList().toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
