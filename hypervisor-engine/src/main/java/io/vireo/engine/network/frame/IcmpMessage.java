package io.vireo.engine.network.frame;

/**
 * An ICMP message (RFC 792): type, code, the four bytes after the checksum ({@code rest}: identifier and
 * sequence for echoes) and the data region after them. The checksum is verified.
 */
public record IcmpMessage(int type, int code, int rest, byte[] data, int offset, int payloadOffset,
        int payloadLength) {
    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int ECHO_REQUEST = 8;
    public static final int NET_UNREACHABLE = 0;
    public static final int HOST_UNREACHABLE = 1;
    public static final int PROTOCOL_UNREACHABLE = 2;
    public static final int PORT_UNREACHABLE = 3;
    public static final int ADMINISTRATIVELY_PROHIBITED = 13;
    public static final int HEADER = 8;
    /** How much of the offending packet past its IP header an unreachable message quotes (RFC 792). */
    private static final int QUOTED_PAYLOAD = 8;

    public static IcmpMessage parse(Ipv4Packet packet) throws FrameException {
        if (packet.protocol() != Ipv4Packet.ICMP) {
            throw new FrameException("not ICMP: protocol " + packet.protocol());
        }
        return parse(packet.data(), packet.payloadOffset(), packet.payloadLength());
    }

    public static IcmpMessage parse(byte[] data, int offset, int length) throws FrameException {
        Region.check(data, offset, length);
        if (length < HEADER) {
            throw new FrameException("ICMP message of " + length + " bytes is shorter than its header");
        }
        if (InternetChecksum.of(data, offset, length) != 0) {
            throw new FrameException("ICMP checksum is wrong");
        }
        return new IcmpMessage(BigEndian.u8(data, offset), BigEndian.u8(data, offset + 1),
                BigEndian.i32(data, offset + 4), data, offset, offset + HEADER, length - HEADER);
    }

    public boolean isEchoRequest() {
        return type == ECHO_REQUEST && code == 0;
    }

    public int identifier() {
        return rest >>> 16;
    }

    public int sequence() {
        return rest & 0xFFFF;
    }

    /**
     * Writes an echo request or reply with this identifier and sequence at {@code offset}; its data (already
     * in place after the 8-byte header) is {@code payloadLength} bytes. Returns the message length.
     */
    public static int writeEcho(byte[] out, int offset, int type, int identifier, int sequence, int payloadLength) {
        if (type != ECHO_REQUEST && type != ECHO_REPLY) {
            throw new IllegalArgumentException("ICMP type " + type + " is not an echo");
        }
        return writeMessage(out, offset, type, 0, identifier << 16 | sequence & 0xFFFF, payloadLength);
    }

    /**
     * Writes a destination-unreachable message at {@code offset} quoting the offending packet's IP header and
     * the first 8 bytes of its payload; returns the message length.
     */
    public static int writeDestinationUnreachable(byte[] out, int offset, int code, Ipv4Packet offending) {
        int quoted = offending.headerLength() + Math.min(QUOTED_PAYLOAD, offending.payloadLength());
        System.arraycopy(offending.data(), offending.headerOffset(), out, offset + HEADER, quoted);
        return writeMessage(out, offset, DESTINATION_UNREACHABLE, code, 0, quoted);
    }

    private static int writeMessage(byte[] out, int offset, int type, int code, int rest, int payloadLength) {
        out[offset] = (byte) type;
        out[offset + 1] = (byte) code;
        BigEndian.put16(out, offset + 2, 0);
        BigEndian.put32(out, offset + 4, rest);
        int length = HEADER + payloadLength;
        BigEndian.put16(out, offset + 2, InternetChecksum.of(out, offset, length));
        return length;
    }
}
