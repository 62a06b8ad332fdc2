package io.vireo.engine.network.dhcp;

import io.vireo.engine.network.DhcpSettings;
import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.Ipv4Subnet;
import io.vireo.engine.network.Lease;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.frame.DhcpMessage;
import io.vireo.engine.network.frame.DhcpMessageType;
import io.vireo.engine.network.frame.DhcpOptions;
import io.vireo.engine.network.frame.EthernetFrame;
import io.vireo.engine.network.frame.Ipv4Frames;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A network's DHCP server (RFC 2131), authoritative for its subnet: it offers, acknowledges and refuses
 * (NAK) addresses, takes releases and declines, and answers INFORM. It is handed requests the gateway has
 * parsed and returns the reply frame to send, broadcast or unicast as the request's flags and addresses
 * ask, tagged with the request's VLAN. A request whose client hardware address is not the frame's source
 * is ignored: the switch vouches for the source, so no guest can take leases in another NIC's name.
 * Replies carry subnet mask, router (the gateway), DNS server (the gateway, when it serves DNS), broadcast
 * address and the lease times.
 */
public final class DhcpServer {
    /** How long an offered address is kept for the client's REQUEST. */
    public static final Duration OFFER_HOLD = Duration.ofMinutes(1);
    /** How long an address a guest declined stays out of the pool. */
    static final Duration DECLINE_HOLD = Duration.ofMinutes(10);
    private static final int MAX_HOSTNAME = 63;
    private static final Pattern NOT_IN_HOSTNAMES = Pattern.compile("[^A-Za-z0-9.-]");

    private final Ipv4Subnet subnet;
    private final Ipv4Address serverAddress;
    private final MacAddress serverMac;
    private final Duration leaseTime;
    private final Optional<Ipv4Address> dnsServer;
    private final InstantSource clock;
    private final LeaseTable table;

    public DhcpServer(Ipv4Subnet subnet, Ipv4Address serverAddress, MacAddress serverMac, DhcpSettings settings,
            Optional<Ipv4Address> dnsServer, InstantSource clock) {
        this.subnet = Objects.requireNonNull(subnet, "subnet");
        this.serverAddress = Objects.requireNonNull(serverAddress, "serverAddress");
        this.serverMac = Objects.requireNonNull(serverMac, "serverMac");
        this.leaseTime = settings.leaseTime();
        this.dnsServer = Objects.requireNonNull(dnsServer, "dnsServer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.table = new LeaseTable(subnet, serverAddress, settings);
    }

    /** The server of a network with DHCP, at its gateway's address and MAC. */
    public static DhcpServer forNetwork(NetworkSpec spec, MacAddress gatewayMac, InstantSource clock) {
        DhcpSettings settings = spec.dhcp()
                .orElseThrow(() -> new IllegalArgumentException("network " + spec.name() + " has no DHCP"));
        return new DhcpServer(spec.subnet(), spec.gateway(), gatewayMac, settings,
                spec.dns() ? Optional.of(spec.gateway()) : Optional.empty(), clock);
    }

    /** Answers one request that arrived in {@code frame}; the reply frame to send, if any. */
    public synchronized Optional<ByteBuffer> answer(EthernetFrame frame, DhcpMessage request) {
        Optional<DhcpMessageType> type = request.options().messageType();
        if (request.op() != DhcpMessage.BOOT_REQUEST || !request.clientMac().equals(frame.source()) || type.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<String> hostname = hostname(request);
        MacAddress mac = request.clientMac();
        return switch (type.get()) {
            case DISCOVER -> table.offer(mac, request.options().address(DhcpOptions.REQUESTED_ADDRESS), hostname, now, OFFER_HOLD)
                    .map(address -> reply(frame, request, DhcpMessageType.OFFER, address, leaseOptions()));
            case REQUEST -> request(frame, request, hostname, now);
            case DECLINE -> {
                request.options().address(DhcpOptions.REQUESTED_ADDRESS)
                        .ifPresent(address -> table.decline(mac, address, now.plus(DECLINE_HOLD)));
                yield Optional.empty();
            }
            case RELEASE -> {
                table.release(mac, request.clientAddress());
                yield Optional.empty();
            }
            case INFORM -> request.clientAddress().equals(Ipv4Address.ANY) ? Optional.empty()
                    : Optional.of(reply(frame, request, DhcpMessageType.ACK, Ipv4Address.ANY, networkOptions()));
            case OFFER, ACK, NAK -> Optional.empty();
        };
    }

    /** The bound leases, by address. */
    public synchronized List<Lease> leases() {
        return table.leases(clock.instant());
    }

    /**
     * A REQUEST: selecting this server's offer (server id present), confirming an address after a reboot
     * (requested address, no server id) or renewing (client address set). Authoritative: an address this
     * client may hold is acknowledged, any other refused.
     */
    private Optional<ByteBuffer> request(EthernetFrame frame, DhcpMessage request, Optional<String> hostname,
            Instant now) {
        MacAddress mac = request.clientMac();
        Optional<Ipv4Address> serverId = request.options().address(DhcpOptions.SERVER_ID);
        if (serverId.isPresent() && !serverId.get().equals(serverAddress)) {
            table.withdrawOffer(mac);
            return Optional.empty();
        }
        Ipv4Address wanted = request.options().address(DhcpOptions.REQUESTED_ADDRESS).orElse(request.clientAddress());
        if (wanted.equals(Ipv4Address.ANY)) {
            return Optional.empty();
        }
        if (serverId.isPresent() && !table.holds(mac, wanted, now)) {
            return Optional.of(nak(frame, request, wanted + " was not offered to this client"));
        }
        return table.bind(mac, wanted, hostname, now, leaseTime)
                .map(lease -> reply(frame, request, DhcpMessageType.ACK, lease.address(), leaseOptions()))
                .or(() -> Optional.of(nak(frame, request, wanted + " is not available to this client")));
    }

    private ByteBuffer nak(EthernetFrame frame, DhcpMessage request, String why) {
        DhcpOptions.Builder options = DhcpOptions.builder().messageType(DhcpMessageType.NAK)
                .address(DhcpOptions.SERVER_ID, serverAddress).text(DhcpOptions.MESSAGE, why);
        DhcpMessage nak = new DhcpMessage(DhcpMessage.BOOT_REPLY, request.transactionId(), 0, request.flags(),
                Ipv4Address.ANY, Ipv4Address.ANY, Ipv4Address.ANY, Ipv4Address.ANY, request.clientMac(), options.build());
        return frame(frame.vlan(), nak, MacAddress.BROADCAST, Ipv4Address.BROADCAST);
    }

    private ByteBuffer reply(EthernetFrame frame, DhcpMessage request, DhcpMessageType type, Ipv4Address yourAddress,
            DhcpOptions.Builder options) {
        DhcpMessage reply = new DhcpMessage(DhcpMessage.BOOT_REPLY, request.transactionId(), 0, request.flags(),
                request.clientAddress(), yourAddress, Ipv4Address.ANY, Ipv4Address.ANY, request.clientMac(),
                options.messageType(type).build());
        // RFC 2131 4.1: to the client's address when it has one, else broadcast if asked, else to the new address.
        if (!request.clientAddress().equals(Ipv4Address.ANY)) {
            return frame(frame.vlan(), reply, request.clientMac(), request.clientAddress());
        }
        if (request.broadcastRequested()) {
            return frame(frame.vlan(), reply, MacAddress.BROADCAST, Ipv4Address.BROADCAST);
        }
        return frame(frame.vlan(), reply, request.clientMac(), yourAddress);
    }

    private DhcpOptions.Builder leaseOptions() {
        long seconds = leaseTime.toSeconds();
        return networkOptions().unsigned32(DhcpOptions.LEASE_TIME, seconds)
                .unsigned32(DhcpOptions.RENEWAL_TIME, seconds / 2).unsigned32(DhcpOptions.REBINDING_TIME, seconds * 7 / 8);
    }

    private DhcpOptions.Builder networkOptions() {
        DhcpOptions.Builder options = DhcpOptions.builder().address(DhcpOptions.SERVER_ID, serverAddress)
                .address(DhcpOptions.SUBNET_MASK, new Ipv4Address(subnet.mask()))
                .address(DhcpOptions.ROUTER, serverAddress)
                .address(DhcpOptions.BROADCAST_ADDRESS, subnet.broadcast());
        dnsServer.ifPresent(dns -> options.address(DhcpOptions.DNS_SERVERS, dns));
        return options;
    }

    private ByteBuffer frame(int vlan, DhcpMessage message, MacAddress destinationMac, Ipv4Address destination) {
        byte[] out = new byte[Ipv4Frames.UDP_PAYLOAD + message.length() + 4];
        int payload = message.write(out, Ipv4Frames.UDP_PAYLOAD);
        int length = Ipv4Frames.writeUdp(out, destinationMac, serverMac, serverAddress, DhcpMessage.SERVER_PORT,
                destination, DhcpMessage.CLIENT_PORT, payload);
        return ByteBuffer.wrap(out, 0, EthernetFrame.tag(out, 0, length, vlan));
    }

    /** The host name a guest sent (option 12), reduced to what a host name may hold, for the console to show. */
    private static Optional<String> hostname(DhcpMessage request) {
        return request.options().text(DhcpOptions.HOST_NAME)
                .map(name -> NOT_IN_HOSTNAMES.matcher(name).replaceAll(""))
                .map(name -> name.length() > MAX_HOSTNAME ? name.substring(0, MAX_HOSTNAME) : name)
                .filter(name -> !name.isEmpty());
    }
}
