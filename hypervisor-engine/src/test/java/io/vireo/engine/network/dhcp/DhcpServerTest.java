package io.vireo.engine.network.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.network.DhcpReservation;
import io.vireo.engine.network.DhcpSettings;
import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.Ipv4Subnet;
import io.vireo.engine.network.Lease;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.ManualClock;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.frame.DhcpMessage;
import io.vireo.engine.network.frame.DhcpMessageType;
import io.vireo.engine.network.frame.DhcpOptions;
import io.vireo.engine.network.frame.EthernetFrame;
import io.vireo.engine.network.frame.FrameException;
import io.vireo.engine.network.frame.Ipv4Frames;
import io.vireo.engine.network.frame.Ipv4Packet;
import io.vireo.engine.network.frame.UdpDatagram;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The DHCP exchanges a guest's client (udhcpc, dhclient, systemd-networkd) goes through, frame by frame. */
class DhcpServerTest {
    static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.0.2.0/24");
    static final Ipv4Address GATEWAY = Ipv4Address.parse("10.0.2.2");
    static final MacAddress GATEWAY_MAC = MacAddress.parse("52:56:00:00:00:02");
    static final MacAddress A = MacAddress.parse("52:56:00:00:00:0a");
    static final MacAddress B = MacAddress.parse("52:56:00:00:00:0b");
    static final MacAddress C = MacAddress.parse("52:56:00:00:00:0c");

    private final ManualClock clock = new ManualClock();
    private DhcpServer server = DhcpServer.forNetwork(NetworkSpec.userNat("default"), GATEWAY_MAC, clock);

    /** A reply frame, parsed back layer by layer. */
    record Reply(EthernetFrame frame, Ipv4Packet ip, DhcpMessage message) {
        DhcpMessageType type() {
            return message.options().messageType().orElseThrow();
        }
    }

    /** What a client sends: its MAC, the message type, and whatever else the test sets on the message. */
    Optional<Reply> send(MacAddress mac, DhcpMessageType type, UnaryOperator<DhcpMessage> adjust,
            DhcpOptions.Builder options) {
        return send(mac, mac, EthernetFrame.UNTAGGED, adjust.apply(new DhcpMessage(DhcpMessage.BOOT_REQUEST, 0x1234, 0,
                DhcpMessage.BROADCAST_FLAG, Ipv4Address.ANY, Ipv4Address.ANY, Ipv4Address.ANY, Ipv4Address.ANY, mac,
                options.messageType(type).build())));
    }

    Optional<Reply> send(MacAddress frameSource, MacAddress mac, int vlan, DhcpMessage request) {
        byte[] out = new byte[1024];
        int length = Ipv4Frames.writeUdp(out, MacAddress.BROADCAST, frameSource, request.clientAddress(),
                DhcpMessage.CLIENT_PORT, Ipv4Address.BROADCAST, DhcpMessage.SERVER_PORT,
                request.write(out, Ipv4Frames.UDP_PAYLOAD));
        length = EthernetFrame.tag(out, 0, length, vlan);
        try {
            EthernetFrame frame = EthernetFrame.parse(out, 0, length);
            DhcpMessage parsed = DhcpMessage.parse(UdpDatagram.parse(Ipv4Packet.parse(frame)));
            return server.answer(frame, parsed).map(DhcpServerTest::parseReply);
        } catch (FrameException e) {
            throw new AssertionError(e);
        }
    }

    static Reply parseReply(ByteBuffer buffer) {
        try {
            EthernetFrame frame = EthernetFrame.parse(buffer);
            Ipv4Packet ip = Ipv4Packet.parse(frame);
            UdpDatagram udp = UdpDatagram.parse(ip);
            assertThat(ip.transportChecksumValid()).isTrue();
            assertThat(udp.sourcePort()).isEqualTo(DhcpMessage.SERVER_PORT);
            assertThat(udp.destinationPort()).isEqualTo(DhcpMessage.CLIENT_PORT);
            return new Reply(frame, ip, DhcpMessage.parse(udp));
        } catch (FrameException e) {
            throw new AssertionError(e);
        }
    }

    Reply discover(MacAddress mac) {
        return send(mac, DhcpMessageType.DISCOVER, UnaryOperator.identity(), DhcpOptions.builder()).orElseThrow();
    }

    Optional<Reply> select(MacAddress mac, Ipv4Address address) {
        return send(mac, DhcpMessageType.REQUEST, UnaryOperator.identity(), DhcpOptions.builder()
                .address(DhcpOptions.SERVER_ID, GATEWAY).address(DhcpOptions.REQUESTED_ADDRESS, address));
    }

    Ipv4Address lease(MacAddress mac) {
        Reply offer = discover(mac);
        Reply ack = select(mac, offer.message().yourAddress()).orElseThrow();
        assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
        return ack.message().yourAddress();
    }

    Optional<Reply> renew(MacAddress mac, Ipv4Address address) {
        return send(mac, DhcpMessageType.REQUEST, request -> withClientAddress(request, address, 0), DhcpOptions.builder());
    }

    static DhcpMessage withClientAddress(DhcpMessage request, Ipv4Address address, int flags) {
        return new DhcpMessage(request.op(), request.transactionId(), request.seconds(), flags, address,
                request.yourAddress(), request.serverAddress(), request.relayAddress(), request.clientMac(),
                request.options());
    }

    @Test
    void aGuestDiscoversIsOfferedRequestsAndIsAcknowledged() {
        Reply offer = send(A, DhcpMessageType.DISCOVER, UnaryOperator.identity(),
                DhcpOptions.builder().text(DhcpOptions.HOST_NAME, "web-1")).orElseThrow();
        assertThat(offer.type()).isEqualTo(DhcpMessageType.OFFER);
        assertThat(offer.message().transactionId()).isEqualTo(0x1234);
        assertThat(offer.message().yourAddress()).isEqualTo(Ipv4Address.parse("10.0.2.15"));
        assertThat(offer.frame().destination()).as("the client asked for broadcast").isEqualTo(MacAddress.BROADCAST);
        assertThat(offer.frame().source()).isEqualTo(GATEWAY_MAC);
        assertThat(offer.ip().destination()).isEqualTo(Ipv4Address.BROADCAST);
        assertThat(offer.ip().source()).isEqualTo(GATEWAY);
        DhcpOptions options = offer.message().options();
        assertThat(options.address(DhcpOptions.SERVER_ID)).contains(GATEWAY);
        assertThat(options.address(DhcpOptions.SUBNET_MASK)).contains(Ipv4Address.parse("255.255.255.0"));
        assertThat(options.address(DhcpOptions.ROUTER)).contains(GATEWAY);
        assertThat(options.address(DhcpOptions.DNS_SERVERS)).contains(GATEWAY);
        assertThat(options.address(DhcpOptions.BROADCAST_ADDRESS)).contains(Ipv4Address.parse("10.0.2.255"));
        assertThat(options.unsigned32(DhcpOptions.LEASE_TIME)).contains(3600L);
        assertThat(options.unsigned32(DhcpOptions.RENEWAL_TIME)).contains(1800L);
        assertThat(options.unsigned32(DhcpOptions.REBINDING_TIME)).contains(3150L);
        assertThat(server.leases()).as("an offer is no lease").isEmpty();

        Reply ack = select(A, offer.message().yourAddress()).orElseThrow();
        assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
        assertThat(ack.message().yourAddress()).isEqualTo(Ipv4Address.parse("10.0.2.15"));
        assertThat(server.leases()).containsExactly(new Lease(A, Ipv4Address.parse("10.0.2.15"), Optional.of("web-1"),
                clock.instant().plus(Duration.ofHours(1))));
    }

    @Test
    void withoutTheBroadcastFlagTheOfferGoesToTheNewAddressAndTheClientsMac() {
        Reply offer = send(A, DhcpMessageType.DISCOVER, request -> withClientAddress(request, Ipv4Address.ANY, 0),
                DhcpOptions.builder()).orElseThrow();
        assertThat(offer.frame().destination()).isEqualTo(A);
        assertThat(offer.ip().destination()).isEqualTo(offer.message().yourAddress());
    }

    @Test
    void twoGuestsGetDifferentAddressesAndARepeatedDiscoverTheSameOne() {
        Ipv4Address first = discover(A).message().yourAddress();
        Ipv4Address second = discover(B).message().yourAddress();
        assertThat(first).isNotEqualTo(second);
        assertThat(discover(A).message().yourAddress()).isEqualTo(first);
    }

    @Test
    void aRequestedAddressIsOfferedWhenFree() {
        Reply offer = send(A, DhcpMessageType.DISCOVER, UnaryOperator.identity(),
                DhcpOptions.builder().address(DhcpOptions.REQUESTED_ADDRESS, Ipv4Address.parse("10.0.2.77"))).orElseThrow();
        assertThat(offer.message().yourAddress()).isEqualTo(Ipv4Address.parse("10.0.2.77"));
    }

    @Test
    void aRenewalExtendsTheLeaseAndIsAnsweredToTheClientsAddress() {
        Ipv4Address address = lease(A);
        clock.advance(Duration.ofMinutes(40));

        Reply ack = renew(A, address).orElseThrow();
        assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
        assertThat(ack.message().yourAddress()).isEqualTo(address);
        assertThat(ack.frame().destination()).isEqualTo(A);
        assertThat(ack.ip().destination()).isEqualTo(address);
        assertThat(server.leases()).extracting(Lease::expires)
                .containsExactly(clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void aReservationWinsOverThePoolAndOverOtherGuests() {
        Ipv4Address reserved = Ipv4Address.parse("10.0.2.15");
        server = new DhcpServer(SUBNET, GATEWAY, GATEWAY_MAC, new DhcpSettings(Ipv4Address.parse("10.0.2.15"),
                Ipv4Address.parse("10.0.2.254"), Duration.ofHours(1), List.of(new DhcpReservation(B, reserved))),
                Optional.empty(), clock);

        Reply offerA = send(A, DhcpMessageType.DISCOVER, UnaryOperator.identity(),
                DhcpOptions.builder().address(DhcpOptions.REQUESTED_ADDRESS, reserved)).orElseThrow();
        assertThat(offerA.message().yourAddress()).as("reserved for B").isEqualTo(Ipv4Address.parse("10.0.2.16"));
        assertThat(offerA.message().options().has(DhcpOptions.DNS_SERVERS)).as("no DNS on this network").isFalse();

        Reply offerB = send(B, DhcpMessageType.DISCOVER, UnaryOperator.identity(),
                DhcpOptions.builder().address(DhcpOptions.REQUESTED_ADDRESS, Ipv4Address.parse("10.0.2.99"))).orElseThrow();
        assertThat(offerB.message().yourAddress()).isEqualTo(reserved);
        assertThat(select(B, Ipv4Address.parse("10.0.2.99")).orElseThrow().type()).isEqualTo(DhcpMessageType.NAK);
        assertThat(select(B, reserved).orElseThrow().type()).isEqualTo(DhcpMessageType.ACK);
        assertThat(renew(A, reserved).orElseThrow().type()).as("A cannot take B's address").isEqualTo(DhcpMessageType.NAK);
        assertThat(server.leases()).extracting(Lease::mac).containsExactly(B);
    }

    @Test
    void anExhaustedPoolOffersNothingUntilAnAddressIsReleased() {
        server = new DhcpServer(SUBNET, GATEWAY, GATEWAY_MAC, new DhcpSettings(Ipv4Address.parse("10.0.2.15"),
                Ipv4Address.parse("10.0.2.16"), Duration.ofHours(1), List.of()), Optional.of(GATEWAY), clock);
        Ipv4Address first = lease(A);
        lease(B);

        assertThat(send(C, DhcpMessageType.DISCOVER, UnaryOperator.identity(), DhcpOptions.builder())).isEmpty();

        send(A, DhcpMessageType.RELEASE, request -> withClientAddress(request, first, 0), DhcpOptions.builder());
        assertThat(server.leases()).extracting(Lease::mac).containsExactly(B);
        assertThat(discover(C).message().yourAddress()).isEqualTo(first);
    }

    @Test
    void anOfferNotTakenLapsesAndFreesItsAddress() {
        server = new DhcpServer(SUBNET, GATEWAY, GATEWAY_MAC, new DhcpSettings(Ipv4Address.parse("10.0.2.15"),
                Ipv4Address.parse("10.0.2.15"), Duration.ofHours(1), List.of()), Optional.of(GATEWAY), clock);
        discover(A);
        assertThat(send(B, DhcpMessageType.DISCOVER, UnaryOperator.identity(), DhcpOptions.builder())).isEmpty();
        clock.advance(DhcpServer.OFFER_HOLD);
        assertThat(discover(B).message().yourAddress()).isEqualTo(Ipv4Address.parse("10.0.2.15"));
    }

    @Test
    void anExpiredLeaseIsListedNoMoreAndItsAddressGoesToTheNextGuest() {
        server = new DhcpServer(SUBNET, GATEWAY, GATEWAY_MAC, new DhcpSettings(Ipv4Address.parse("10.0.2.15"),
                Ipv4Address.parse("10.0.2.15"), Duration.ofMinutes(1), List.of()), Optional.of(GATEWAY), clock);
        Ipv4Address address = lease(A);
        clock.advance(Duration.ofSeconds(59));
        assertThat(server.leases()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(server.leases()).isEmpty();
        assertThat(lease(B)).isEqualTo(address);
        assertThat(renew(A, address).orElseThrow().type()).isEqualTo(DhcpMessageType.NAK);
    }

    @Test
    void aRequestForAnAddressTheGuestMayNotHaveIsRefused() {
        Reply nak = send(A, DhcpMessageType.REQUEST, UnaryOperator.identity(),
                DhcpOptions.builder().address(DhcpOptions.REQUESTED_ADDRESS, Ipv4Address.parse("192.168.1.50"))).orElseThrow();
        assertThat(nak.type()).isEqualTo(DhcpMessageType.NAK);
        assertThat(nak.frame().destination()).isEqualTo(MacAddress.BROADCAST);
        assertThat(nak.message().yourAddress()).isEqualTo(Ipv4Address.ANY);
        assertThat(nak.message().options().text(DhcpOptions.MESSAGE)).contains("192.168.1.50 is not available to this client");
        assertThat(select(A, GATEWAY).orElseThrow().type()).as("the gateway's own address").isEqualTo(DhcpMessageType.NAK);
    }

    @Test
    void aRebootedGuestConfirmsTheAddressItHad() {
        Ipv4Address address = lease(A);
        Reply ack = send(A, DhcpMessageType.REQUEST, UnaryOperator.identity(),
                DhcpOptions.builder().address(DhcpOptions.REQUESTED_ADDRESS, address)).orElseThrow();
        assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
        assertThat(ack.message().yourAddress()).isEqualTo(address);
    }

    @Test
    void choosingAnotherServersOfferWithdrawsOurs() {
        Ipv4Address offered = discover(A).message().yourAddress();
        assertThat(send(A, DhcpMessageType.REQUEST, UnaryOperator.identity(), DhcpOptions.builder()
                .address(DhcpOptions.SERVER_ID, Ipv4Address.parse("10.0.2.3"))
                .address(DhcpOptions.REQUESTED_ADDRESS, Ipv4Address.parse("10.0.2.200")))).isEmpty();
        assertThat(discover(B).message().yourAddress()).isEqualTo(offered);
    }

    @Test
    void aDeclinedAddressIsNotOfferedAgainForAWhile() {
        Ipv4Address declined = lease(A);
        send(A, DhcpMessageType.DECLINE, UnaryOperator.identity(),
                DhcpOptions.builder().address(DhcpOptions.REQUESTED_ADDRESS, declined));
        assertThat(server.leases()).isEmpty();
        assertThat(discover(B).message().yourAddress()).isNotEqualTo(declined);
        assertThat(discover(A).message().yourAddress()).isNotEqualTo(declined);
    }

    @Test
    void aGuestCannotAskInAnotherNicsName() {
        DhcpMessage discover = new DhcpMessage(DhcpMessage.BOOT_REQUEST, 1, 0, 0, Ipv4Address.ANY, Ipv4Address.ANY,
                Ipv4Address.ANY, Ipv4Address.ANY, B, DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER).build());
        assertThat(send(A, B, EthernetFrame.UNTAGGED, discover)).isEmpty();
    }

    @Test
    void aGuestOnAVlanIsAnsweredOnItsVlan() {
        DhcpMessage discover = new DhcpMessage(DhcpMessage.BOOT_REQUEST, 1, 0, 0, Ipv4Address.ANY, Ipv4Address.ANY,
                Ipv4Address.ANY, Ipv4Address.ANY, A, DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER).build());
        assertThat(send(A, A, 7, discover).orElseThrow().frame().vlan()).isEqualTo(7);
    }

    @Test
    void aHostNameIsKeptToWhatAHostNameMayHold() {
        Ipv4Address address = discover(A).message().yourAddress();
        send(A, DhcpMessageType.REQUEST, UnaryOperator.identity(), DhcpOptions.builder()
                .address(DhcpOptions.SERVER_ID, GATEWAY).address(DhcpOptions.REQUESTED_ADDRESS, address)
                .text(DhcpOptions.HOST_NAME, "<script>evil</script>" + "x".repeat(100)));
        assertThat(server.leases().getFirst().hostname().orElseThrow()).startsWith("scriptevilscriptxxx").hasSize(63);
    }

    @Test
    void anInformIsAnsweredWithTheNetworksSettingsAndNoLease() {
        Ipv4Address address = Ipv4Address.parse("10.0.2.9");
        Reply ack = send(A, DhcpMessageType.INFORM, request -> withClientAddress(request, address, 0),
                DhcpOptions.builder()).orElseThrow();
        assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
        assertThat(ack.ip().destination()).isEqualTo(address);
        assertThat(ack.message().options().address(DhcpOptions.ROUTER)).contains(GATEWAY);
        assertThat(ack.message().options().has(DhcpOptions.LEASE_TIME)).isFalse();
        assertThat(server.leases()).isEmpty();
    }

    @Test
    void mutatedRequestsAreAnsweredOrIgnoredNeverThrown() {
        Random random = new Random(17);
        byte[] valid = new byte[600];
        DhcpMessage request = new DhcpMessage(DhcpMessage.BOOT_REQUEST, 9, 0, 0, Ipv4Address.ANY, Ipv4Address.ANY,
                Ipv4Address.ANY, Ipv4Address.ANY, A, DhcpOptions.builder().messageType(DhcpMessageType.REQUEST)
                        .address(DhcpOptions.SERVER_ID, GATEWAY).address(DhcpOptions.REQUESTED_ADDRESS,
                                Ipv4Address.parse("10.0.2.15")).text(DhcpOptions.HOST_NAME, "guest").build());
        int length = Ipv4Frames.writeUdp(valid, MacAddress.BROADCAST, A, Ipv4Address.ANY, DhcpMessage.CLIENT_PORT,
                Ipv4Address.BROADCAST, DhcpMessage.SERVER_PORT, request.write(valid, Ipv4Frames.UDP_PAYLOAD));
        int answered = 0;
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = valid.clone();
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                // Mutate the DHCP message itself: the fixed fields and the first options.
                bytes[Ipv4Frames.UDP_PAYLOAD + random.nextInt(260)] = (byte) random.nextInt(256);
            }
            try {
                EthernetFrame frame = EthernetFrame.parse(bytes, 0, length);
                DhcpMessage parsed = DhcpMessage.parse(bytes, Ipv4Frames.UDP_PAYLOAD, length - Ipv4Frames.UDP_PAYLOAD);
                if (server.answer(frame, parsed).isPresent()) {
                    answered++;
                }
            } catch (FrameException refused) {
                // A message the parser refuses never reaches the server.
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(answered).isPositive();
        assertThat(server.leases()).allSatisfy(lease -> assertThat(lease.mac()).isEqualTo(A));
    }
}
