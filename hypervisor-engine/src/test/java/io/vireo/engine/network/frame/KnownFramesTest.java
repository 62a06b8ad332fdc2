package io.vireo.engine.network.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Frames as a real stack puts them on the wire, with checksums computed independently of this code. */
class KnownFramesTest {
    /** Who has 192.168.1.1? Tell 192.168.1.100, padded to Ethernet's 60 bytes. */
    static final byte[] ARP_REQUEST = HexFormat.of().parseHex("ffffffffffff001a6b6ca3a20806"
            + "0001080006040001001a6b6ca3a2c0a80164000000000000c0a80101" + "000000000000000000000000000000000000");

    /** 10.0.2.15:40000 -> 93.184.216.34:80 SYN with MSS 1460, SACK-permitted, window scale 7. */
    static final byte[] TCP_SYN = HexFormat.of().parseHex("525400123502525600abcdef0800"
            + "450000341c4640004006dc940a00020f5db8d822"
            + "9c40005012345678000000008002faf02dfb0000020405b40402010303070000");

    /** RFC 1071's worked example header (Wikipedia's "IPv4 header checksum" example). */
    static final byte[] IPV4_HEADER = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");

    @Test
    void readsACapturedArpRequest() throws FrameException {
        EthernetFrame frame = EthernetFrame.parse(ARP_REQUEST, 0, ARP_REQUEST.length);
        assertThat(frame.destination()).isEqualTo(MacAddress.BROADCAST);
        assertThat(frame.source()).isEqualTo(MacAddress.parse("00:1a:6b:6c:a3:a2"));
        assertThat(frame.tagged()).isFalse();

        ArpPacket arp = ArpPacket.parse(frame);
        assertThat(arp.operation()).isEqualTo(ArpPacket.REQUEST);
        assertThat(arp.senderIp()).isEqualTo(Ipv4Address.parse("192.168.1.100"));
        assertThat(arp.targetIp()).isEqualTo(Ipv4Address.parse("192.168.1.1"));

        byte[] rewritten = new byte[ArpPacket.LENGTH];
        arp.write(rewritten, 0);
        assertThat(rewritten).isEqualTo(Arrays.copyOfRange(ARP_REQUEST, 14, 42));
    }

    @Test
    void readsATcpSynWithItsOptionsAndChecksum() throws FrameException {
        Ipv4Packet ip = Ipv4Packet.parse(EthernetFrame.parse(TCP_SYN, 0, TCP_SYN.length));
        assertThat(ip.source()).isEqualTo(Ipv4Address.parse("10.0.2.15"));
        assertThat(ip.destination()).isEqualTo(Ipv4Address.parse("93.184.216.34"));
        assertThat(ip.dontFragment()).isTrue();
        assertThat(ip.isFragment()).isFalse();
        assertThat(ip.transportChecksumValid()).isTrue();

        TcpSegment syn = TcpSegment.parse(ip);
        TcpHeader header = syn.header();
        assertThat(header.sourcePort()).isEqualTo(40000);
        assertThat(header.destinationPort()).isEqualTo(80);
        assertThat(header.sequence()).isEqualTo(0x12345678);
        assertThat(header.flags()).isEqualTo(TcpHeader.SYN);
        assertThat(header.window()).isEqualTo(64240);
        assertThat(header.mss()).isEqualTo(1460);
        assertThat(header.windowScale()).isEqualTo(7);
        assertThat(syn.sackPermitted()).isTrue();
        assertThat(syn.payloadLength()).isZero();
        assertThat(syn.sequenceLength()).isEqualTo(1);
    }

    @Test
    void writesASynWithMssAndWindowScaleAndTheirChecksums() throws FrameException {
        TcpHeader header = new TcpHeader(40000, 80, 0x12345678, 0, TcpHeader.SYN, 64240, 1460, 7);
        byte[] out = new byte[100];
        int length = Ipv4Frames.writeTcp(out, MacAddress.parse("52:54:00:12:35:02"), MacAddress.parse("52:56:00:ab:cd:ef"),
                Ipv4Address.parse("10.0.2.15"), Ipv4Address.parse("93.184.216.34"), header, 0);

        assertThat(length).isEqualTo(14 + 20 + 28);
        // Checksums 0xf8de (IP) and 0x4201 (TCP) computed by hand, independently of InternetChecksum.
        assertThat(HexFormat.of().formatHex(out, 14, length)).isEqualTo("45000030000040004006f8de0a00020f5db8d822"
                + "9c40005012345678000000007002faf042010000020405b401030307");
        assertThat(TcpSegment.parse(Ipv4Packet.parse(EthernetFrame.parse(out, 0, length))).header()).isEqualTo(header);
    }

    @Test
    void computesTheTextbookIpv4HeaderChecksum() {
        assertThat(InternetChecksum.of(IPV4_HEADER, 0, IPV4_HEADER.length)).isEqualTo(0xB861);
    }

    @Test
    void writesTheTextbookIpv4Header() {
        byte[] out = new byte[20];
        Ipv4Packet.writeHeader(out, 0, Ipv4Packet.UDP, Ipv4Address.parse("192.168.0.1"),
                Ipv4Address.parse("192.168.0.199"), 0, 0x73 - 20);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo("4500007300004000" + "4011b861c0a80001c0a800c7");
    }
}
