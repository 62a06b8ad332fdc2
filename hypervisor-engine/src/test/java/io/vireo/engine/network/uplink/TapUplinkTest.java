package io.vireo.engine.network.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.host.Libc;
import io.vireo.engine.network.DhcpSettings;
import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.Ipv4Subnet;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkException;
import io.vireo.engine.network.NetworkMode;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.PortForward;
import io.vireo.engine.network.Protocol;
import io.vireo.engine.network.SwitchPort;
import io.vireo.engine.network.VirtualNetwork;
import io.vireo.engine.network.frame.ArpPacket;
import io.vireo.engine.network.frame.IcmpMessage;
import io.vireo.engine.network.gateway.FakeGuest;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bridged networks against the host's real kernel: this machine's tests run as root, so they create TAP
 * devices and bridges with names of their own (a random suffix, so tests running at once do not collide),
 * address the host side, and check that the kernel answers a guest's ARP and ping through the uplink.
 */
class TapUplinkTest {
    private static final Duration ARP_PATIENCE = Duration.ofSeconds(10);
    private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000_0000, 0x7fff_ffff));
    /** A /24 under 10.200.0.0/13 that no other test here uses; the host side takes .1, the guest .2. */
    private final Ipv4Subnet subnet = Ipv4Subnet.parse("10." + (200 + ThreadLocalRandom.current().nextInt(8)) + "."
            + ThreadLocalRandom.current().nextInt(256) + ".0/24");
    private final List<String> devices = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void removeDevices() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
        for (String device : devices) {
            if (exists(device)) {
                ip("link", "del", device);
            }
        }
    }

    @Test
    void aGuestOnANetworkBridgedToANewTapDeviceReachesTheHostBehindIt() throws Exception {
        String tap = device("vt");
        VirtualNetwork network = start(bridged("lab", tap));
        assertThat(exists(tap)).as("the TAP device the network created").isTrue();
        ip("addr", "add", subnet.host(1) + "/24", "dev", tap);
        ip("link", "set", tap, "up");

        FakeGuest guest = plugGuest(network);
        pingHost(guest);
        assertThat(network.uplinkStats().orElseThrow().framesToHost()).isGreaterThanOrEqualTo(2);
        assertThat(network.uplinkStats().orElseThrow().framesFromHost()).isGreaterThanOrEqualTo(2);

        close(network);
        assertThat(exists(tap)).as("the TAP device is gone once the network closes").isFalse();
    }

    @Test
    void aTapDeviceTheHostAlreadyHasIsUsedAndLeftAsItWas() throws Exception {
        String tap = device("vt");
        ip("tuntap", "add", "dev", tap, "mode", "tap");
        ip("addr", "add", subnet.host(1) + "/24", "dev", tap);
        VirtualNetwork network = start(bridged("lab", tap));
        assertThat(isUp(tap)).as("the network brings the host's TAP device up").isTrue();

        pingHost(plugGuest(network));

        close(network);
        assertThat(exists(tap)).as("the host's own TAP device stays").isTrue();
        assertThat(isUp(tap)).as("and is down again, as the network found it").isFalse();
    }

    @Test
    void aNetworkBridgedToAHostBridgeJoinsItThroughATapDeviceOfItsOwn() throws Exception {
        String bridge = device("vb");
        ip("link", "add", bridge, "type", "bridge");
        ip("addr", "add", subnet.host(1) + "/24", "dev", bridge);
        ip("link", "set", bridge, "up");
        VirtualNetwork network = start(bridged("lab", bridge));
        String tap = network.uplinkStats().orElseThrow().device();
        assertThat(tap).startsWith("vireo-");
        assertThat(Files.readSymbolicLink(Path.of("/sys/class/net", tap, "master")).getFileName().toString())
                .as("the bridge the TAP device is a port of").isEqualTo(bridge);

        pingHost(plugGuest(network));

        close(network);
        assertThat(exists(tap)).as("the TAP device the network added is gone once it closes").isFalse();
        assertThat(exists(bridge)).as("the host's own bridge stays").isTrue();
    }

    @Test
    void anUplinkWhoseDeviceTheHostDeletesStopsAndSaysWhy() throws Exception {
        String tap = device("vt");
        VirtualNetwork network = start(bridged("lab", tap));
        ip("link", "del", tap);

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (network.uplinkStats().orElseThrow().failure().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(network.uplinkStats().orElseThrow().failure()).as("why the uplink stopped reading")
                .hasValueSatisfying(failure -> assertThat(failure).startsWith("read " + tap));
        close(network);
    }

    @Test
    void withoutCapNetAdminTheNetworkSaysItNeedsIt() throws Exception {
        String tap = device("vt");
        CompletableFuture<Throwable> refusal = new CompletableFuture<>();
        // Capabilities belong to a Linux thread: this one gives up CAP_NET_ADMIN, as an unprivileged
        // process would lack it, and the rest of the JVM keeps it.
        Thread.ofPlatform().start(() -> {
            try {
                dropNetAdminFromThisThread();
                start(bridged("lab", tap));
                refusal.complete(null);
            } catch (Throwable t) {
                refusal.complete(t);
            }
        });
        assertThat(refusal.get(30, TimeUnit.SECONDS)).isInstanceOf(NetworkException.class)
                .hasMessage("bridged network 'lab' needs root or CAP_NET_ADMIN to open TAP device '" + tap + "'");
        assertThat(exists(tap)).isFalse();
    }

    @Test
    void anUplinkThatIsNeitherATapDeviceNorABridgeIsRefused() {
        assertThatThrownBy(() -> start(bridged("lab", "lo"))).isInstanceOf(NetworkException.class)
                .hasMessage("bridged network 'lab' names uplink 'lo', which is neither a TAP device nor a bridge");
        assertThatThrownBy(() -> start(bridged("lab", "no/such"))).isInstanceOf(NetworkException.class)
                .hasMessageContaining("'no/such', which is not a host interface name");
    }

    @Test
    void aBridgedNetworkServesNoDhcpAndForwardsNoPorts() throws Exception {
        String tap = device("vt");
        NetworkSpec plain = bridged("lab", tap);
        assertThatThrownBy(() -> new NetworkSpec("lab", NetworkMode.BRIDGED, subnet, subnet.host(1),
                Optional.of(new DhcpSettings(subnet.host(10), subnet.host(20), Duration.ofHours(1), List.of())), false,
                Optional.empty(), plain.uplink())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has its own DHCP and DNS: Vireo serves neither there");

        VirtualNetwork network = start(plain);
        assertThatThrownBy(() -> network.addForward(new PortForward(Protocol.TCP,
                new InetSocketAddress("127.0.0.1", 0), MacAddress.random(ThreadLocalRandom.current()), 80)))
                .isInstanceOf(NetworkException.class)
                .hasMessage("bridged network 'lab' forwards no ports: its guests are on the segment of '" + tap
                        + "', reach them there");
        assertThat(network.forwards()).isEmpty();
        assertThat(network.leases()).isEmpty();
    }

    /**
     * ARP for the host's address, then ping it: both answers come from the host's kernel through the uplink. The
     * guest asks again until the host answers, as a real one does: a bridge that just gained its first port
     * drops what it sends until the kernel has noticed its carrier (up to a second later).
     */
    private void pingHost(FakeGuest guest) throws InterruptedException {
        Ipv4Address host = subnet.host(1);
        long deadline = System.nanoTime() + ARP_PATIENCE.toNanos();
        ArpPacket answer = null;
        while (answer == null && System.nanoTime() < deadline) {
            guest.sendArpRequest(host);
            answer = awaitArpReply(guest, host, Duration.ofMillis(500));
        }
        assertThat(answer).as("the host's ARP reply within " + ARP_PATIENCE).isNotNull();
        byte[] data = "through the uplink".getBytes(StandardCharsets.US_ASCII);
        guest.sendPing(answer.senderMac(), host, 0x7a9, 1, data);
        FakeGuest.Icmp reply = guest.awaitIcmp();
        assertThat(reply.type()).isEqualTo(IcmpMessage.ECHO_REPLY);
        assertThat(reply.source()).isEqualTo(host);
        assertThat(reply.data()).isEqualTo(data);
    }

    private static ArpPacket awaitArpReply(FakeGuest guest, Ipv4Address from, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            ArpPacket arp = guest.pollArp(Duration.ofNanos(left));
            if (arp != null && arp.operation() == ArpPacket.REPLY && arp.senderIp().equals(from)) {
                return arp;
            }
        }
        return null;
    }

    private FakeGuest plugGuest(VirtualNetwork network) {
        FakeGuest guest = new FakeGuest(MacAddress.random(ThreadLocalRandom.current()), subnet.host(2));
        SwitchPort port = network.plug(guest.mac, OptionalInt.empty(), guest);
        open.add(port);
        guest.connect(port::send);
        return guest;
    }

    private NetworkSpec bridged(String name, String uplink) {
        return new NetworkSpec(name, NetworkMode.BRIDGED, subnet, subnet.host(1), Optional.empty(), false,
                Optional.empty(), Optional.of(uplink));
    }

    private VirtualNetwork start(NetworkSpec spec) throws NetworkException {
        VirtualNetwork network = VirtualNetwork.start(spec);
        open.add(network);
        return network;
    }

    private void close(VirtualNetwork network) {
        open.remove(network);
        network.close();
    }

    /** A device name of this test's own, at most 15 characters, removed after the test if it exists. */
    private String device(String prefix) {
        String name = prefix + suffix;
        devices.add(name);
        return name;
    }

    private static boolean exists(String device) {
        return Files.exists(Path.of("/sys/class/net", device));
    }

    private static boolean isUp(String device) throws IOException {
        int flags = Integer.decode(Files.readString(Path.of("/sys/class/net", device, "flags")).strip());
        return (flags & 1) != 0;
    }

    private static void ip(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** Clears CAP_NET_ADMIN from the calling thread's effective capabilities (capget, then capset). */
    private static void dropNetAdminFromThisThread() throws Throwable {
        final int linuxCapabilityVersion3 = 0x20080522;
        final int capNetAdmin = 12;
        FunctionDescriptor descriptor = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS);
        MethodHandle capget = Libc.function("capget", descriptor);
        MethodHandle capset = Libc.function("capset", descriptor);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(8);
            header.set(ValueLayout.JAVA_INT, 0, linuxCapabilityVersion3);
            MemorySegment data = arena.allocate(24);
            assertThat((int) capget.invokeExact(header, data)).isZero();
            data.set(ValueLayout.JAVA_INT, 0, data.get(ValueLayout.JAVA_INT, 0) & ~(1 << capNetAdmin));
            assertThat((int) capset.invokeExact(header, data)).isZero();
        }
    }
}
