package io.vireo.engine.network.frame;

import io.vireo.engine.network.Ipv4Address;

/**
 * The fields of a TCP header (RFC 9293) a translator reads and writes. Sequence and acknowledgment numbers
 * are 32-bit values in an int: compare them with modular arithmetic. {@code mss} and {@code windowScale}
 * are {@link #ABSENT} unless the options carried them (only SYN segments do).
 */
public record TcpHeader(int sourcePort, int destinationPort, int sequence, int acknowledgment, int flags, int window,
        int mss, int windowScale) {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ABSENT = -1;
    public static final int MINIMUM_LENGTH = 20;
    /** The largest shift RFC 7323 allows; a larger one offered is taken as this. */
    public static final int MAX_WINDOW_SCALE = 14;

    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    /** The header's length as {@link #write} writes it: options MSS and window scale only on a SYN. */
    public int length() {
        int length = MINIMUM_LENGTH;
        if (has(SYN) && mss != ABSENT) {
            length += 4;
        }
        if (has(SYN) && windowScale != ABSENT) {
            length += 4;
        }
        return length;
    }

    /**
     * Writes this header at {@code offset} for the {@code payloadLength} bytes already after it
     * ({@code offset + length()}), with the checksum over the pseudo-header; returns the segment length.
     */
    public int write(byte[] out, int offset, Ipv4Address source, Ipv4Address destination, int payloadLength) {
        int headerLength = length();
        BigEndian.put16(out, offset, sourcePort);
        BigEndian.put16(out, offset + 2, destinationPort);
        BigEndian.put32(out, offset + 4, sequence);
        BigEndian.put32(out, offset + 8, acknowledgment);
        out[offset + 12] = (byte) (headerLength / 4 << 4);
        out[offset + 13] = (byte) flags;
        BigEndian.put16(out, offset + 14, window);
        BigEndian.put32(out, offset + 16, 0);
        int option = offset + MINIMUM_LENGTH;
        if (has(SYN) && mss != ABSENT) {
            out[option] = 2;
            out[option + 1] = 4;
            BigEndian.put16(out, option + 2, mss);
            option += 4;
        }
        if (has(SYN) && windowScale != ABSENT) {
            out[option] = 1;
            out[option + 1] = 3;
            out[option + 2] = 3;
            out[option + 3] = (byte) windowScale;
        }
        int length = headerLength + payloadLength;
        int sum = InternetChecksum.add(InternetChecksum.pseudoHeader(source, destination, Ipv4Packet.TCP, length), out,
                offset, length);
        BigEndian.put16(out, offset + 16, InternetChecksum.finish(sum));
        return length;
    }
}
