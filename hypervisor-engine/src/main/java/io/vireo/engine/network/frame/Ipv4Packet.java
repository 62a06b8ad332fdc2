package io.vireo.engine.network.frame;

import io.vireo.engine.network.Ipv4Address;

/**
 * An IPv4 packet (RFC 791) as a view of the caller's bytes: the header's fields, and the payload region
 * trimmed to the total length (Ethernet padding dropped). Options are checked for length and skipped. The
 * header checksum is verified: guests always compute it, checksum offload covers only TCP and UDP.
 * Fragments parse (see {@link #isFragment}); reassembling them is not this layer's business.
 *
 * @param headerOffset where the IPv4 header starts in {@code data}
 */
public record Ipv4Packet(int headerLength, int tos, int totalLength, int identification, boolean dontFragment,
        boolean moreFragments, int fragmentOffset, int ttl, int protocol, Ipv4Address source,
        Ipv4Address destination, byte[] data, int headerOffset, int payloadOffset, int payloadLength) {
    public static final int HEADER = 20;
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int DEFAULT_TTL = 64;

    public static Ipv4Packet parse(EthernetFrame frame) throws FrameException {
        if (frame.etherType() != EthernetFrame.IPV4) {
            throw new FrameException("not an IPv4 frame: type 0x" + Integer.toHexString(frame.etherType()));
        }
        return parse(frame.data(), frame.payloadOffset(), frame.payloadLength());
    }

    public static Ipv4Packet parse(byte[] data, int offset, int length) throws FrameException {
        Region.check(data, offset, length);
        if (length < HEADER) {
            throw new FrameException("IPv4 packet of " + length + " bytes is shorter than its header");
        }
        int versionAndLength = BigEndian.u8(data, offset);
        if (versionAndLength >>> 4 != 4) {
            throw new FrameException("IP version " + (versionAndLength >>> 4) + ", not 4");
        }
        int headerLength = (versionAndLength & 0xF) * 4;
        int totalLength = BigEndian.u16(data, offset + 2);
        if (headerLength < HEADER || headerLength > totalLength) {
            throw new FrameException("IPv4 header length " + headerLength + " with total length " + totalLength);
        }
        if (totalLength > length) {
            throw new FrameException("IPv4 total length " + totalLength + " beyond the " + length + " bytes received");
        }
        if (InternetChecksum.of(data, offset, headerLength) != 0) {
            throw new FrameException("IPv4 header checksum is wrong");
        }
        int fragment = BigEndian.u16(data, offset + 6);
        return new Ipv4Packet(headerLength, BigEndian.u8(data, offset + 1), totalLength, BigEndian.u16(data, offset + 4),
                (fragment & 0x4000) != 0, (fragment & 0x2000) != 0, (fragment & 0x1FFF) * 8,
                BigEndian.u8(data, offset + 8), BigEndian.u8(data, offset + 9),
                new Ipv4Address(BigEndian.i32(data, offset + 12)), new Ipv4Address(BigEndian.i32(data, offset + 16)),
                data, offset, offset + headerLength, totalLength - headerLength);
    }

    /** Whether this is a piece of a larger packet: more fragments follow, or it does not start at offset 0. */
    public boolean isFragment() {
        return moreFragments || fragmentOffset != 0;
    }

    /** The partial checksum of the pseudo-header for this packet's TCP or UDP payload. */
    public int pseudoHeaderSum() {
        return InternetChecksum.pseudoHeader(source, destination, protocol, payloadLength);
    }

    /**
     * Whether the TCP or UDP checksum over pseudo-header and payload holds (a UDP checksum of zero means
     * "none" and holds). Parsers leave this to the caller: a guest using checksum offload hands over
     * segments whose checksum the NIC completes first.
     */
    public boolean transportChecksumValid() {
        if (protocol == UDP && payloadLength >= UdpDatagram.HEADER && BigEndian.u16(data, payloadOffset + 6) == 0) {
            return true;
        }
        return InternetChecksum.finish(InternetChecksum.add(pseudoHeaderSum(), data, payloadOffset, payloadLength)) == 0;
    }

    /**
     * Writes a 20-byte header (no options, don't-fragment set, {@link #DEFAULT_TTL}) with its checksum at
     * {@code offset} for a payload of {@code payloadLength} bytes that follows it; returns the header length.
     */
    public static int writeHeader(byte[] out, int offset, int protocol, Ipv4Address source, Ipv4Address destination,
            int identification, int payloadLength) {
        if (payloadLength < 0 || payloadLength > 0xFFFF - HEADER) {
            throw new IllegalArgumentException("an IPv4 payload of " + payloadLength + " bytes does not fit");
        }
        out[offset] = 0x45;
        out[offset + 1] = 0;
        BigEndian.put16(out, offset + 2, HEADER + payloadLength);
        BigEndian.put16(out, offset + 4, identification);
        BigEndian.put16(out, offset + 6, 0x4000);
        out[offset + 8] = (byte) DEFAULT_TTL;
        out[offset + 9] = (byte) protocol;
        BigEndian.put16(out, offset + 10, 0);
        BigEndian.put32(out, offset + 12, source.bits());
        BigEndian.put32(out, offset + 16, destination.bits());
        BigEndian.put16(out, offset + 10, InternetChecksum.of(out, offset, HEADER));
        return HEADER;
    }
}
