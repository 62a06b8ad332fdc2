package io.vireo.engine.network.frame;

import io.vireo.engine.network.Ipv4Address;

/**
 * A UDP datagram (RFC 768): ports, and the payload region trimmed to the UDP length. The checksum is not
 * verified here (see {@link Ipv4Packet#transportChecksumValid}).
 */
public record UdpDatagram(int sourcePort, int destinationPort, byte[] data, int payloadOffset, int payloadLength) {
    public static final int HEADER = 8;

    public static UdpDatagram parse(Ipv4Packet packet) throws FrameException {
        if (packet.protocol() != Ipv4Packet.UDP) {
            throw new FrameException("not UDP: protocol " + packet.protocol());
        }
        return parse(packet.data(), packet.payloadOffset(), packet.payloadLength());
    }

    public static UdpDatagram parse(byte[] data, int offset, int length) throws FrameException {
        Region.check(data, offset, length);
        if (length < HEADER) {
            throw new FrameException("UDP datagram of " + length + " bytes is shorter than its header");
        }
        int udpLength = BigEndian.u16(data, offset + 4);
        if (udpLength < HEADER || udpLength > length) {
            throw new FrameException("UDP length " + udpLength + " with " + length + " bytes received");
        }
        return new UdpDatagram(BigEndian.u16(data, offset), BigEndian.u16(data, offset + 2), data, offset + HEADER,
                udpLength - HEADER);
    }

    /**
     * Writes the 8-byte header at {@code offset} for the {@code payloadLength} bytes already after it, with
     * the checksum over the pseudo-header; returns the datagram length.
     */
    public static int writeHeader(byte[] out, int offset, Ipv4Address source, Ipv4Address destination, int sourcePort,
            int destinationPort, int payloadLength) {
        int length = HEADER + payloadLength;
        BigEndian.put16(out, offset, sourcePort);
        BigEndian.put16(out, offset + 2, destinationPort);
        BigEndian.put16(out, offset + 4, length);
        BigEndian.put16(out, offset + 6, 0);
        int sum = InternetChecksum.add(InternetChecksum.pseudoHeader(source, destination, Ipv4Packet.UDP, length), out,
                offset, length);
        int checksum = InternetChecksum.finish(sum);
        // A computed zero is sent as all ones: zero on the wire means "no checksum".
        BigEndian.put16(out, offset + 6, checksum == 0 ? 0xFFFF : checksum);
        return length;
    }
}
