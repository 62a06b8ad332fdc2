package io.vireo.engine.vm;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.network.DhcpSettings;
import io.vireo.engine.network.Ipv4Subnet;
import io.vireo.engine.network.Lease;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkMode;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.PortForward;
import io.vireo.engine.network.Protocol;
import io.vireo.engine.network.VirtualNetwork;
import io.vireo.engine.testing.Await;
import io.vireo.engine.testing.GuestShell;
import io.vireo.engine.testing.HostPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The tiny appliance on virtual networks: leases, pings between VMs and isolation between networks; NAT
 * to HTTP and DNS servers on the host's loopback; a port forward into the guest's httpd; host-only
 * refusing what lies beyond the host; and transfers both ways that arrive intact. Few boots: each VM
 * checks several things.
 */
class NetworkGuestTest {
    private static final Duration TRANSFER = Duration.ofMinutes(8);
    private static final Pattern INET = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/");
    private static Appliance tiny;

    @BeforeAll
    static void appliance() {
        tiny = new ApplianceBuilder(ApplianceSettings.fromEnvironment()).build("tiny", ProgressListener.NONE);
    }

    private static VmSpec spec(String name, DeviceSpec.Nic... nics) {
        return VmSpec.of(name, 1, 384L << 20, tiny.kernel(), tiny.initrd(), tiny.cmdline()).withDevices(List.of(nics));
    }

    private static DeviceSpec.Nic nic(MacAddress mac, VirtualNetwork network) {
        return new DeviceSpec.Nic(mac, network, OptionalInt.empty(), OptionalLong.empty());
    }

    private static NetworkSpec network(String name, NetworkMode mode, String cidr, int firstLease, boolean dns,
                                       Optional<InetSocketAddress> dnsUpstream) {
        Ipv4Subnet subnet = Ipv4Subnet.parse(cidr);
        return new NetworkSpec(name, mode, subnet, subnet.host(1),
                Optional.of(new DhcpSettings(subnet.host(firstLease), subnet.host(firstLease + 9), Duration.ofHours(1), List.of())),
                dns, dnsUpstream, Optional.empty());
    }

    /**
     * The card's IPv4 address once DHCP configured it (udhcpc may still be asking when the prompt comes). The lease
     * is awaited on the host's side, so the guest's shell is asked only once its DHCP client has the answer.
     */
    private static String addressOf(GuestShell guest, String card, VirtualNetwork network, MacAddress mac)
            throws Exception {
        Await.until(() -> network.leases().stream().anyMatch(l -> l.mac().equals(mac)), Duration.ofMinutes(2),
                () -> network.spec().name() + " leased nothing to " + mac + " (" + network.gatewayStats() + "):\n"
                        + diagnosis(guest));
        String[] found = new String[1];
        Await.until(() -> {
            try {
                Matcher m = INET.matcher(guest.run("ip -4 addr show " + card));
                return m.find() && (found[0] = m.group(1)) != null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofMinutes(1), () -> card + " got no address:\n" + diagnosis(guest));
        return found[0];
    }

    /** What the guest says about its cards and DHCP clients, for a failure's message. */
    private static String diagnosis(GuestShell guest) {
        try {
            return guest.run("ip addr; ps | grep udhcp; dmesg | grep -i -E 'virtio|eth' | tail -20");
        } catch (Exception e) {
            return "(the guest did not answer: " + e.getMessage() + ")\n" + guest.tail();
        }
    }

    @Test
    void vmsOnOneIsolatedNetworkLeaseAndPingEachOtherWhileAnotherNetworkCannotReachThem() throws Exception {
        MacAddress macA = MacAddress.parse("52:56:00:00:01:0a"), macB = MacAddress.parse("52:56:00:00:01:0b"),
                macC = MacAddress.parse("52:56:00:00:01:0c");
        // Both networks use one subnet, so only the isolation of their switches keeps C from A and B.
        try (VirtualNetwork lab = VirtualNetwork.start(network("lab", NetworkMode.ISOLATED, "10.77.0.0/24", 10, false, Optional.empty()));
             VirtualNetwork other = VirtualNetwork.start(network("other", NetworkMode.ISOLATED, "10.77.0.0/24", 100, false, Optional.empty()));
             GuestShell a = GuestShell.start(spec("net-a", nic(macA, lab)));
             GuestShell b = GuestShell.start(spec("net-b", nic(macB, lab)));
             GuestShell c = GuestShell.start(spec("net-c", nic(macC, other)))) {
            a.awaitPrompt();
            b.awaitPrompt();
            c.awaitPrompt();
            String addressA = addressOf(a, "eth0", lab, macA), addressB = addressOf(b, "eth0", lab, macB),
                    addressC = addressOf(c, "eth0", other, macC);

            assertThat(lab.leases()).extracting(Lease::mac, l -> l.address().toString())
                    .containsExactlyInAnyOrder(tuple(macA, addressA),
                            tuple(macB, addressB));
            assertThat(lab.leases()).allSatisfy(l -> assertThat(l.hostname()).isPresent());
            assertThat(other.leases()).extracting(Lease::mac).containsExactly(macC);
            assertThat(Integer.parseInt(addressC.substring(addressC.lastIndexOf('.') + 1))).as("from the other pool")
                    .isBetween(100, 109);

            assertThat(a.run("ping -c 3 -W 5 " + addressB)).contains("3 packets received");
            assertThat(b.run("ping -c 2 -W 5 " + addressA)).contains("2 packets received");
            assertThat(c.run("ping -c 3 -W 2 " + addressA)).contains("0 packets received");
            assertThat(c.run("ping -c 2 -W 2 " + addressB)).contains("0 packets received");
            assertThat(a.run("ping -c 2 -W 2 " + addressC)).as("nor can A reach C").contains("0 packets received");

            assertThat(a.vm().nics()).singleElement().satisfies(n -> {
                assertThat(n.mac()).isEqualTo(macA);
                assertThat(n.counters().rxFrames()).isPositive();
                assertThat(n.counters().txFrames()).isPositive();
            });

            a.vm().nics().getFirst().setLinkUp(false);
            assertThat(a.run("cat /sys/class/net/eth0/carrier")).as("the guest sees the cable pulled").contains("0");
            assertThat(a.run("ping -c 2 -W 2 " + addressB)).contains("0 packets received");
            a.vm().nics().getFirst().setLinkUp(true);
            // The carrier bit flips at once, but the kernel sends again only once its link watcher has run (it
            // drops what is sent before); that is when the operational state reads "up" (CI lost a ping there).
            assertThat(a.run("for i in $(seq 100); do [ $(cat /sys/class/net/eth0/operstate) = up ] && break;"
                    + " usleep 100000; done; echo state-$(cat /sys/class/net/eth0/operstate)")).contains("state-up");
            assertThat(a.run("ping -c 2 -W 5 " + addressB)).as("and back").contains("2 packets received");
        }
    }

    @Test
    void aNatGuestReachesHostServersServesAForwardAndMovesDataIntactWhileHostOnlyStopsAtTheHost() throws Exception {
        String page = "<h1>served on the host's loopback</h1>";
        MacAddress natMac = MacAddress.parse("52:56:00:00:02:0a"), hostOnlyMac = MacAddress.parse("52:56:00:00:02:0b");
        try (HostPage http = HostPage.serve(InetAddress.getByName("0.0.0.0"), "/page", page);
             StubDns dns = new StubDns("files.vireo.test", new byte[] {10, 1, 2, 3});
             ServerSocket sink = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             VirtualNetwork nat = VirtualNetwork.start(withUpstream(NetworkSpec.userNat("nat"), dns.address()));
             VirtualNetwork hostOnly = VirtualNetwork.start(network("host-only", NetworkMode.HOST_ONLY, "10.0.3.0/24", 15, false, Optional.empty()));
             GuestShell g = GuestShell.start(spec("net-nat", nic(natMac, nat), nic(hostOnlyMac, hostOnly)))) {
            g.awaitPrompt();
            addressOf(g, "eth0", nat, natMac);
            addressOf(g, "eth1", hostOnly, hostOnlyMac);
            int port = http.port();
            String natGateway = nat.spec().gateway().toString(), hostOnlyGateway = hostOnly.spec().gateway().toString();

            assertThat(g.run("wget -q -O - http://" + natGateway + ":" + port + "/page")).contains(page);
            assertThat(g.run("nslookup files.vireo.test")).contains("10.1.2.3");
            assertThat(dns.queries()).as("the guest's query went to the stub upstream").isPositive();

            assertThat(g.run("wget -q -O - http://" + hostOnlyGateway + ":" + port + "/page"))
                    .as("host-only reaches the host").contains(page);
            Optional<InetAddress> beyond = hostAddressBeyondLoopback();
            if (beyond.isPresent()) {
                String outside = beyond.get().getHostAddress();
                assertThat(g.run("wget -q -T 10 -O - http://" + outside + ":" + port + "/page")).as("NAT reaches it").contains(page);
                String refused = g.run("ip route add " + outside + "/32 via " + hostOnlyGateway + " dev eth1; "
                        + "wget -q -T 10 -O - http://" + outside + ":" + port + "/page; echo exit=$?; ip route del " + outside + "/32");
                assertThat(refused).as("host-only refuses what lies beyond the host").doesNotContain(page).contains("exit=1");
            }

            g.run("mkdir -p /www && echo 'a file from the guest' > /www/hello.txt && httpd -p 8080 -h /www");
            nat.addForward(new PortForward(Protocol.TCP, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), natMac, 8080));
            int forwarded = nat.forwards().stream().filter(f -> f.guestPort() == 8080).findFirst().orElseThrow().host().getPort();
            assertThat(forwarded).as("the port the host chose").isPositive();
            String served;
            try (InputStream in = URI.create("http://127.0.0.1:" + forwarded + "/hello.txt").toURL().openStream()) {
                served = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(served).isEqualTo("a file from the guest\n");

            nat.addForward(new PortForward(Protocol.TCP, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), natMac, 5001));
            int dataPort = nat.forwards().stream().filter(f -> f.guestPort() == 5001).findFirst().orElseThrow().host().getPort();
            for (int size : new int[] {1 << 10, 64 << 20}) {
                roundTrip(g, size, dataPort, sink, natGateway);
            }
        }
    }

    /**
     * Sends {@code size} pseudo-random bytes from the host into the guest through the forward, checks the
     * guest's hash of what it got, has the guest send the file back to the host through the gateway, and
     * compares that with what was sent.
     */
    private static void roundTrip(GuestShell g, int size, int forward, ServerSocket sink, String gateway) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        // In the background, so the shell stays free; its input a FIFO nobody writes, neither the terminal
        // nor an EOF (at which nc would half-close); nc ends at the host's EOF.
        g.run("[ -p /tmp/idle ] || mkfifo /tmp/idle; nc -l -p 5001 <> /tmp/idle > /tmp/in &");
        Await.until(() -> listening(g), Duration.ofMinutes(1), () -> "nc did not start listening:\n" + g.tail());
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), forward); OutputStream out = s.getOutputStream()) {
            out.write(data);
        }
        assertThat(g.run("wait; sha256sum /tmp/in", TRANSFER)).as("host to guest, " + size + " bytes").contains(expected);

        CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
            try (Socket s = sink.accept(); InputStream in = s.getInputStream()) {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        g.run("nc " + gateway + " " + sink.getLocalPort() + " < /tmp/in; rm /tmp/in", TRANSFER);
        assertThat(back.get(TRANSFER.toSeconds(), TimeUnit.SECONDS)).as("guest to host, " + size + " bytes").isEqualTo(data);
    }

    /** Whether something in the guest listens on TCP 5001: a LISTEN (0A) socket on port 0x1389, IPv4 or IPv6. */
    private static boolean listening(GuestShell g) {
        try {
            return g.run("cat /proc/net/tcp /proc/net/tcp6 | grep -c ':1389 0*:0000 0A'").contains("1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static NetworkSpec withUpstream(NetworkSpec spec, InetSocketAddress upstream) {
        return new NetworkSpec(spec.name(), spec.mode(), spec.subnet(), spec.gateway(), spec.dhcp(), spec.dns(),
                Optional.of(upstream), spec.uplink());
    }

    /** An address of this host other than loopback, for "beyond the host" (nothing leaves the machine). */
    private static Optional<InetAddress> hostAddressBeyondLoopback() throws Exception {
        return NetworkInterface.networkInterfaces().filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                }).flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress()).findFirst();
    }

    /** A DNS server on loopback that answers A queries for one name with one address. */
    private static final class StubDns implements AutoCloseable {
        private final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        private final String name;
        private final byte[] address;
        private final Thread thread;
        private volatile int queries;

        StubDns(String name, byte[] address) throws java.net.SocketException {
            this.name = name;
            this.address = address;
            this.thread = Thread.ofPlatform().daemon().start(this::serve);
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        int queries() {
            return queries;
        }

        private void serve() {
            byte[] buffer = new byte[512];
            while (!socket.isClosed()) {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(query);
                    queries++;
                    byte[] answer = answer(ByteBuffer.wrap(buffer, 0, query.getLength()));
                    socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                } catch (java.io.IOException | RuntimeException e) {
                    // closed, or a query this stub does not understand: no answer
                }
            }
        }

        /** Echoes the question; one A record for the known name, NXDOMAIN for any other, no records for other types. */
        private byte[] answer(ByteBuffer query) {
            int id = query.getShort(0) & 0xFFFF;
            int at = 12;
            StringBuilder asked = new StringBuilder();
            for (int length; (length = query.get(at) & 0xFF) != 0; at += length + 1) {
                asked.append(asked.isEmpty() ? "" : ".")
                        .append(new String(query.array(), query.arrayOffset() + at + 1, length, StandardCharsets.US_ASCII));
            }
            int questionEnd = at + 5;
            int type = query.getShort(at + 1) & 0xFFFF;
            boolean known = asked.toString().equalsIgnoreCase(name);
            boolean withAnswer = known && type == 1;
            ByteBuffer out = ByteBuffer.allocate(questionEnd + 16);
            out.putShort((short) id).putShort((short) (known ? 0x8180 : 0x8183)).putShort((short) 1)
                    .putShort((short) (withAnswer ? 1 : 0)).putShort((short) 0).putShort((short) 0);
            out.put(query.array(), query.arrayOffset() + 12, questionEnd - 12);
            if (withAnswer) {
                out.putShort((short) 0xC00C).putShort((short) 1).putShort((short) 1).putInt(60).putShort((short) 4).put(address);
            }
            byte[] bytes = new byte[out.position()];
            out.flip().get(bytes);
            return bytes;
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(5000);
        }
    }
}
