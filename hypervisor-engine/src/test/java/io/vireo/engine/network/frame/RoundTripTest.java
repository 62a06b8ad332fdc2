package io.vireo.engine.network.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the builders write, the parsers read back unchanged, with checksums that hold. */
class RoundTripTest {
    static final MacAddress GUEST_MAC = MacAddress.parse("52:56:00:00:00:0f");
    static final MacAddress GATEWAY_MAC = MacAddress.parse("52:56:00:00:00:02");
    static final Ipv4Address GUEST = Ipv4Address.parse("10.0.2.15");
    static final Ipv4Address GATEWAY = Ipv4Address.parse("10.0.2.2");

    @Test
    void aVlanTagIsWrittenAndRead() throws FrameException {
        byte[] out = new byte[64];
        int header = EthernetFrame.writeHeader(out, 0, MacAddress.BROADCAST, GUEST_MAC, 42, EthernetFrame.ARP);
        new ArpPacket(ArpPacket.REQUEST, GUEST_MAC, GUEST, new MacAddress(0), GATEWAY).write(out, header);

        EthernetFrame frame = EthernetFrame.parse(ByteBuffer.wrap(out, 0, header + ArpPacket.LENGTH));
        assertThat(header).isEqualTo(EthernetFrame.TAGGED_HEADER);
        assertThat(frame.vlan()).isEqualTo(42);
        assertThat(frame.etherType()).isEqualTo(EthernetFrame.ARP);
        assertThat(ArpPacket.parse(frame).answer(GATEWAY_MAC))
                .isEqualTo(new ArpPacket(ArpPacket.REPLY, GATEWAY_MAC, GATEWAY, GUEST_MAC, GUEST));
    }

    @Test
    void anUntaggedFrameIsTaggedInPlace() throws FrameException {
        byte[] out = new byte[128];
        out[Ipv4Frames.UDP_PAYLOAD] = 'z';
        int length = Ipv4Frames.writeUdp(out, GUEST_MAC, GATEWAY_MAC, GATEWAY, 67, GUEST, 68, 1);
        int tagged = EthernetFrame.tag(out, 0, length, 7);

        EthernetFrame frame = EthernetFrame.parse(out, 0, tagged);
        assertThat(tagged).isEqualTo(length + 4);
        assertThat(frame.vlan()).isEqualTo(7);
        assertThat(frame.source()).isEqualTo(GATEWAY_MAC);
        UdpDatagram udp = UdpDatagram.parse(Ipv4Packet.parse(frame));
        assertThat(out[udp.payloadOffset()]).isEqualTo((byte) 'z');
        assertThat(EthernetFrame.tag(out, 0, tagged, EthernetFrame.UNTAGGED)).isEqualTo(tagged);
    }

    @Test
    void aDirectBufferParsesLikeAHeapOne() throws FrameException {
        byte[] frame = KnownFramesTest.TCP_SYN;
        ByteBuffer direct = ByteBuffer.allocateDirect(frame.length + 4).position(4);
        direct.put(frame).position(4);
        assertThat(TcpSegment.parse(Ipv4Packet.parse(EthernetFrame.parse(direct))).header().mss()).isEqualTo(1460);
        assertThat(direct.position()).isEqualTo(4);
    }

    @Test
    void anEchoRequestBecomesAReplyWithTheSameData() throws FrameException {
        byte[] out = new byte[128];
        byte[] data = "abcdefghijklmnopq".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(data, 0, out, Ipv4Frames.IP_PAYLOAD + IcmpMessage.HEADER, data.length);
        int icmp = IcmpMessage.writeEcho(out, Ipv4Frames.IP_PAYLOAD, IcmpMessage.ECHO_REQUEST, 0x1234, 7, data.length);
        int length = Ipv4Frames.writeIpv4(out, GATEWAY_MAC, GUEST_MAC, Ipv4Packet.ICMP, GUEST, GATEWAY, 1, icmp);

        IcmpMessage echo = IcmpMessage.parse(Ipv4Packet.parse(EthernetFrame.parse(out, 0, length)));
        assertThat(echo.isEchoRequest()).isTrue();
        assertThat(echo.identifier()).isEqualTo(0x1234);
        assertThat(echo.sequence()).isEqualTo(7);
        assertThat(Arrays.copyOfRange(out, echo.payloadOffset(), echo.payloadOffset() + echo.payloadLength()))
                .isEqualTo(data);

        out[Ipv4Frames.IP_PAYLOAD + 5] ^= 1;
        assertThatThrownBy(() -> IcmpMessage.parse(Ipv4Packet.parse(EthernetFrame.parse(out, 0, length))))
                .isInstanceOf(FrameException.class).hasMessageContaining("checksum");
    }

    @Test
    void anUnreachableQuotesTheOffendingHeaderAndEightBytes() throws FrameException {
        Ipv4Packet syn = Ipv4Packet.parse(EthernetFrame.parse(KnownFramesTest.TCP_SYN, 0, KnownFramesTest.TCP_SYN.length));
        byte[] out = new byte[128];
        int icmp = IcmpMessage.writeDestinationUnreachable(out, Ipv4Frames.IP_PAYLOAD, IcmpMessage.PORT_UNREACHABLE, syn);
        int length = Ipv4Frames.writeIpv4(out, GUEST_MAC, GATEWAY_MAC, Ipv4Packet.ICMP, syn.destination(), syn.source(), 0,
                icmp);

        IcmpMessage unreachable = IcmpMessage.parse(Ipv4Packet.parse(EthernetFrame.parse(out, 0, length)));
        assertThat(unreachable.type()).isEqualTo(IcmpMessage.DESTINATION_UNREACHABLE);
        assertThat(unreachable.code()).isEqualTo(IcmpMessage.PORT_UNREACHABLE);
        assertThat(unreachable.payloadLength()).isEqualTo(28);
        // The quote keeps the original header, whose total length claims more than was quoted.
        int quoted = unreachable.payloadOffset();
        assertThat(Arrays.copyOfRange(out, quoted, quoted + 28))
                .isEqualTo(Arrays.copyOfRange(KnownFramesTest.TCP_SYN, 14, 14 + 28));
    }

    @Test
    void aUdpDatagramCarriesItsPayloadAndAValidChecksum() throws FrameException {
        byte[] out = new byte[128];
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(data, 0, out, Ipv4Frames.UDP_PAYLOAD, data.length);
        int length = Ipv4Frames.writeUdp(out, GATEWAY_MAC, GUEST_MAC, GUEST, 5353, GATEWAY, 53, data.length);
        // Ethernet padding after the datagram is no part of it.
        Ipv4Packet ip = Ipv4Packet.parse(EthernetFrame.parse(out, 0, Math.max(60, length)));
        UdpDatagram udp = UdpDatagram.parse(ip);

        assertThat(ip.transportChecksumValid()).isTrue();
        assertThat(udp.sourcePort()).isEqualTo(5353);
        assertThat(udp.destinationPort()).isEqualTo(53);
        assertThat(new String(out, udp.payloadOffset(), udp.payloadLength(), StandardCharsets.US_ASCII)).isEqualTo("hello");

        out[Ipv4Frames.UDP_PAYLOAD] = 'j';
        assertThat(Ipv4Packet.parse(EthernetFrame.parse(out, 0, length)).transportChecksumValid()).isFalse();
    }

    @Test
    void aTcpSegmentWithDataRoundTrips() throws FrameException {
        TcpHeader header = new TcpHeader(80, 40000, -5, 0x12345679, TcpHeader.ACK | TcpHeader.PSH, 1024, TcpHeader.ABSENT,
                TcpHeader.ABSENT);
        byte[] out = new byte[128];
        out[Ipv4Frames.IP_PAYLOAD + header.length()] = 'x';
        int length = Ipv4Frames.writeTcp(out, GUEST_MAC, GATEWAY_MAC, GATEWAY, GUEST, header, 1);

        Ipv4Packet ip = Ipv4Packet.parse(EthernetFrame.parse(out, 0, length));
        TcpSegment segment = TcpSegment.parse(ip);
        assertThat(ip.transportChecksumValid()).isTrue();
        assertThat(segment.header()).isEqualTo(header);
        assertThat(segment.payloadLength()).isEqualTo(1);
        assertThat(out[segment.payloadOffset()]).isEqualTo((byte) 'x');
    }

    @Test
    void optionsOnANonSynAreNotWritten() {
        assertThat(new TcpHeader(1, 2, 0, 0, TcpHeader.ACK, 100, 1460, 7).length()).isEqualTo(20);
        assertThat(new TcpHeader(1, 2, 0, 0, TcpHeader.SYN | TcpHeader.ACK, 100, 1460, 7).length()).isEqualTo(28);
    }

    @Test
    void aDhcpMessageRoundTripsWithItsOptions() throws FrameException {
        DhcpOptions options = DhcpOptions.builder().messageType(DhcpMessageType.OFFER)
                .address(DhcpOptions.SERVER_ID, GATEWAY).address(DhcpOptions.DNS_SERVERS, GATEWAY, GUEST)
                .unsigned32(DhcpOptions.LEASE_TIME, 86400).text(DhcpOptions.HOST_NAME, "x".repeat(300)).build();
        DhcpMessage offer = new DhcpMessage(DhcpMessage.BOOT_REPLY, 0xCAFEBABE, 0, DhcpMessage.BROADCAST_FLAG,
                Ipv4Address.ANY, GUEST, GATEWAY, Ipv4Address.ANY, GUEST_MAC, options);
        byte[] out = new byte[1024];
        int length = offer.write(out, 0);

        DhcpMessage read = DhcpMessage.parse(out, 0, length);
        assertThat(read.transactionId()).isEqualTo(0xCAFEBABE);
        assertThat(read.broadcastRequested()).isTrue();
        assertThat(read.yourAddress()).isEqualTo(GUEST);
        assertThat(read.clientMac()).isEqualTo(GUEST_MAC);
        assertThat(read.options().messageType()).contains(DhcpMessageType.OFFER);
        assertThat(read.options().address(DhcpOptions.SERVER_ID)).contains(GATEWAY);
        assertThat(read.options().address(DhcpOptions.DNS_SERVERS)).isEmpty();
        assertThat(read.options().bytes(DhcpOptions.DNS_SERVERS).orElseThrow()).hasSize(8);
        assertThat(read.options().unsigned32(DhcpOptions.LEASE_TIME)).contains(86400L);
        assertThat(read.options().text(DhcpOptions.HOST_NAME)).contains("x".repeat(300));
    }

    @Test
    void aShortDhcpReplyIsPaddedToBootpsMinimum() {
        DhcpMessage nak = new DhcpMessage(DhcpMessage.BOOT_REPLY, 1, 0, 0, Ipv4Address.ANY, Ipv4Address.ANY,
                Ipv4Address.ANY, Ipv4Address.ANY, GUEST_MAC,
                DhcpOptions.builder().messageType(DhcpMessageType.NAK).build());
        assertThat(nak.write(new byte[400], 0)).isEqualTo(300);
    }

    @Test
    void aDnsHeaderRoundTrips() throws FrameException {
        DnsHeader query = new DnsHeader(0xBEEF, 0x0100, 1, 0, 0, 0);
        byte[] out = new byte[12];
        query.write(out, 0);
        DnsHeader read = DnsHeader.parse(out, 0, 12);
        assertThat(read).isEqualTo(query);
        assertThat(read.isResponse()).isFalse();
        assertThat(read.opcode()).isZero();
    }

    @Test
    void everyTruncationOfAValidFrameIsRejected() {
        byte[] syn = KnownFramesTest.TCP_SYN;
        for (int length = 0; length < syn.length; length++) {
            int cut = length;
            assertThatThrownBy(() -> TcpSegment.parse(Ipv4Packet.parse(EthernetFrame.parse(syn, 0, cut))))
                    .as("cut to %d bytes", cut).isInstanceOf(FrameException.class);
        }
        for (int length = 0; length < 42; length++) {
            int cut = length;
            assertThatThrownBy(() -> ArpPacket.parse(EthernetFrame.parse(KnownFramesTest.ARP_REQUEST, 0, cut)))
                    .as("cut to %d bytes", cut).isInstanceOf(FrameException.class);
        }
    }

    @Test
    void lengthsThatLieAreRejectedWithTheReason() {
        byte[] syn = KnownFramesTest.TCP_SYN.clone();
        BigEndian.put16(syn, 16, 0x0400);
        assertThatThrownBy(() -> Ipv4Packet.parse(EthernetFrame.parse(syn, 0, syn.length)))
                .hasMessageContaining("total length 1024");
        assertThatThrownBy(() -> EthernetFrame.parse(syn, 10, syn.length)).hasMessageContaining("outside");
    }

    @Test
    void fragmentsAreRecognised() throws FrameException {
        byte[] frame = new byte[64];
        int length = Ipv4Frames.writeIpv4(frame, GATEWAY_MAC, GUEST_MAC, Ipv4Packet.UDP, GUEST, GATEWAY, 9, 16);
        BigEndian.put16(frame, 14 + 6, 0x2000 | 3);
        BigEndian.put16(frame, 14 + 10, 0);
        BigEndian.put16(frame, 14 + 10, InternetChecksum.of(frame, 14, 20));

        Ipv4Packet fragment = Ipv4Packet.parse(EthernetFrame.parse(frame, 0, length));
        assertThat(fragment.isFragment()).isTrue();
        assertThat(fragment.moreFragments()).isTrue();
        assertThat(fragment.fragmentOffset()).isEqualTo(24);
    }
}
