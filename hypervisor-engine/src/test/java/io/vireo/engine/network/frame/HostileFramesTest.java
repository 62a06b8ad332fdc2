package io.vireo.engine.network.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random bytes and random mutations of valid frames, as a hostile guest sends them: every parser either
 * returns a record or throws {@link FrameException}, never anything else.
 */
class HostileFramesTest {
    private static final int ROUNDS = 20_000;

    /** One parser applied to a region. */
    @FunctionalInterface
    interface Parser {
        Object parse(byte[] data, int offset, int length) throws FrameException;
    }

    private static final List<Parser> PARSERS = List.of(EthernetFrame::parse, ArpPacket::parse, Ipv4Packet::parse,
            IcmpMessage::parse, UdpDatagram::parse, TcpSegment::parse, DhcpMessage::parse, DnsHeader::parse,
            HostileFramesTest::parseAllTheWay);

    @Test
    void randomBytesNeverEscapeAsAnythingButFrameException() {
        Random random = new Random(16);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] data = new byte[random.nextInt(600)];
            random.nextBytes(data);
            // Random regions, some outside the array, all of them refused cleanly if so.
            int offset = random.nextInt(data.length + 8) - 4;
            int length = random.nextInt(data.length + 8) - 4;
            for (Parser parser : PARSERS) {
                tryParse(parser, data, offset, length, round);
                tryParse(parser, data, 0, data.length, round);
            }
        }
    }

    @Test
    void mutationsOfValidFramesNeverEscapeAsAnythingButFrameException() {
        Random random = new Random(17);
        List<byte[]> valid = validFrames();
        int parsed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] data = valid.get(random.nextInt(valid.size())).clone();
            int mutations = 1 + random.nextInt(4);
            for (int i = 0; i < mutations; i++) {
                data[random.nextInt(data.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(data.length + 1) : data.length;
            for (Parser parser : PARSERS) {
                tryParse(parser, data, 0, length, round);
            }
            if (tryParse(HostileFramesTest::parseAllTheWay, data, 0, length, round)) {
                parsed++;
            }
        }
        // Mutations in payloads and port numbers leave frames valid: the test reached the deep parsers.
        assertThat(parsed).isGreaterThan(ROUNDS / 20);
    }

    private static boolean tryParse(Parser parser, byte[] data, int offset, int length, int round) {
        try {
            parser.parse(data, offset, length);
            return true;
        } catch (FrameException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            return false;
        } catch (RuntimeException e) {
            fail("round " + round + ": " + parser + " threw " + e, e);
            return false;
        }
    }

    /** The whole chain a gateway walks: Ethernet, then ARP or IPv4, then the transport and DHCP or DNS. */
    private static Object parseAllTheWay(byte[] data, int offset, int length) throws FrameException {
        EthernetFrame frame = EthernetFrame.parse(data, offset, length);
        if (frame.etherType() == EthernetFrame.ARP) {
            return ArpPacket.parse(frame);
        }
        Ipv4Packet ip = Ipv4Packet.parse(frame);
        ip.transportChecksumValid();
        return switch (ip.protocol()) {
            case Ipv4Packet.ICMP -> IcmpMessage.parse(ip);
            case Ipv4Packet.TCP -> TcpSegment.parse(ip);
            case Ipv4Packet.UDP -> {
                UdpDatagram udp = UdpDatagram.parse(ip);
                yield udp.destinationPort() == DhcpMessage.SERVER_PORT ? DhcpMessage.parse(udp) : DnsHeader.parse(udp);
            }
            default -> ip;
        };
    }

    private static List<byte[]> validFrames() {
        MacAddress mac = MacAddress.parse("52:56:00:00:00:0f");
        Ipv4Address guest = Ipv4Address.parse("10.0.2.15");
        Ipv4Address gateway = Ipv4Address.parse("10.0.2.2");
        byte[] dhcp = new byte[600];
        DhcpMessage discover = new DhcpMessage(DhcpMessage.BOOT_REQUEST, 42, 0, 0, Ipv4Address.ANY, Ipv4Address.ANY,
                Ipv4Address.ANY, Ipv4Address.ANY, mac, DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER)
                        .text(DhcpOptions.HOST_NAME, "guest").build());
        int dhcpLength = Ipv4Frames.writeUdp(dhcp, MacAddress.BROADCAST, mac, Ipv4Address.ANY, DhcpMessage.CLIENT_PORT,
                Ipv4Address.BROADCAST, DhcpMessage.SERVER_PORT, discover.write(dhcp, Ipv4Frames.UDP_PAYLOAD));
        byte[] dns = new byte[60];
        new DnsHeader(1, 0x0100, 1, 0, 0, 0).write(dns, Ipv4Frames.UDP_PAYLOAD);
        Ipv4Frames.writeUdp(dns, mac, mac, guest, 4000, gateway, DnsHeader.PORT, 12);
        byte[] echo = new byte[60];
        int icmp = IcmpMessage.writeEcho(echo, Ipv4Frames.IP_PAYLOAD, IcmpMessage.ECHO_REQUEST, 1, 1, 8);
        Ipv4Frames.writeIpv4(echo, mac, mac, Ipv4Packet.ICMP, guest, gateway, 3, icmp);
        return List.of(KnownFramesTest.ARP_REQUEST, KnownFramesTest.TCP_SYN, Arrays.copyOf(dhcp, dhcpLength),
                dns, echo);
    }
}
