package io.vireo.engine.network.frame;

/**
 * The 12-byte header of a DNS message (RFC 1035 section 4.1.1): enough to relay a query, match the answer
 * to it by id, and refuse what is not a query.
 */
public record DnsHeader(int id, int flags, int questions, int answers, int authorities, int additionals) {
    public static final int LENGTH = 12;
    public static final int PORT = 53;
    private static final int RESPONSE_FLAG = 0x8000;

    public static DnsHeader parse(UdpDatagram datagram) throws FrameException {
        return parse(datagram.data(), datagram.payloadOffset(), datagram.payloadLength());
    }

    public static DnsHeader parse(byte[] data, int offset, int length) throws FrameException {
        Region.check(data, offset, length);
        if (length < LENGTH) {
            throw new FrameException("DNS message of " + length + " bytes is shorter than its header");
        }
        return new DnsHeader(BigEndian.u16(data, offset), BigEndian.u16(data, offset + 2), BigEndian.u16(data, offset + 4),
                BigEndian.u16(data, offset + 6), BigEndian.u16(data, offset + 8), BigEndian.u16(data, offset + 10));
    }

    public boolean isResponse() {
        return (flags & RESPONSE_FLAG) != 0;
    }

    /** The operation code: 0 is a standard query. */
    public int opcode() {
        return flags >>> 11 & 0xF;
    }

    /** Writes the header at {@code offset}; returns its length. */
    public int write(byte[] out, int offset) {
        BigEndian.put16(out, offset, id);
        BigEndian.put16(out, offset + 2, flags);
        BigEndian.put16(out, offset + 4, questions);
        BigEndian.put16(out, offset + 6, answers);
        BigEndian.put16(out, offset + 8, authorities);
        BigEndian.put16(out, offset + 10, additionals);
        return LENGTH;
    }
}
