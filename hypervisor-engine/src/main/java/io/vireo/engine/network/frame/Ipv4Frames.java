package io.vireo.engine.network.frame;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;

/**
 * Whole untagged Ethernet + IPv4 frames written at the start of the caller's array: the caller puts the
 * transport payload at the offset named here, then one call writes every header and checksum around it.
 * (Switch ports add and remove VLAN tags; senders behind them always write untagged frames.)
 */
public final class Ipv4Frames {
    /** Where the IPv4 payload (an ICMP message, a TCP or UDP header) starts. */
    public static final int IP_PAYLOAD = EthernetFrame.HEADER + Ipv4Packet.HEADER;
    /** Where a UDP datagram's payload starts. */
    public static final int UDP_PAYLOAD = IP_PAYLOAD + UdpDatagram.HEADER;

    private Ipv4Frames() {
    }

    /**
     * Writes the Ethernet and IPv4 headers around the {@code ipPayloadLength} bytes at {@link #IP_PAYLOAD};
     * returns the frame length.
     */
    public static int writeIpv4(byte[] out, MacAddress destinationMac, MacAddress sourceMac, int protocol,
            Ipv4Address source, Ipv4Address destination, int identification, int ipPayloadLength) {
        EthernetFrame.writeHeader(out, 0, destinationMac, sourceMac, EthernetFrame.UNTAGGED, EthernetFrame.IPV4);
        Ipv4Packet.writeHeader(out, EthernetFrame.HEADER, protocol, source, destination, identification, ipPayloadLength);
        return IP_PAYLOAD + ipPayloadLength;
    }

    /** Writes a UDP datagram frame around the {@code payloadLength} bytes at {@link #UDP_PAYLOAD}; returns its length. */
    public static int writeUdp(byte[] out, MacAddress destinationMac, MacAddress sourceMac, Ipv4Address source,
            int sourcePort, Ipv4Address destination, int destinationPort, int payloadLength) {
        int udpLength = UdpDatagram.writeHeader(out, IP_PAYLOAD, source, destination, sourcePort, destinationPort,
                payloadLength);
        return writeIpv4(out, destinationMac, sourceMac, Ipv4Packet.UDP, source, destination, 0, udpLength);
    }

    /**
     * Writes a TCP segment frame around the {@code payloadLength} bytes at {@code IP_PAYLOAD + header.length()};
     * returns its length.
     */
    public static int writeTcp(byte[] out, MacAddress destinationMac, MacAddress sourceMac, Ipv4Address source,
            Ipv4Address destination, TcpHeader header, int payloadLength) {
        int segmentLength = header.write(out, IP_PAYLOAD, source, destination, payloadLength);
        return writeIpv4(out, destinationMac, sourceMac, Ipv4Packet.TCP, source, destination, 0, segmentLength);
    }
}
