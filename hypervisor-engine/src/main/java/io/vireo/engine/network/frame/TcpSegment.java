package io.vireo.engine.network.frame;

/**
 * A TCP segment: its header (options MSS and window scale read, SACK-permitted noted, others skipped) and
 * the payload region. The checksum is not verified here (see {@link Ipv4Packet#transportChecksumValid}).
 */
public record TcpSegment(TcpHeader header, boolean sackPermitted, byte[] data, int payloadOffset, int payloadLength) {
    private static final int END = 0;
    private static final int NOP = 1;
    private static final int MSS = 2;
    private static final int WINDOW_SCALE = 3;
    private static final int SACK_PERMITTED = 4;

    public static TcpSegment parse(Ipv4Packet packet) throws FrameException {
        if (packet.protocol() != Ipv4Packet.TCP) {
            throw new FrameException("not TCP: protocol " + packet.protocol());
        }
        return parse(packet.data(), packet.payloadOffset(), packet.payloadLength());
    }

    public static TcpSegment parse(byte[] data, int offset, int length) throws FrameException {
        Region.check(data, offset, length);
        if (length < TcpHeader.MINIMUM_LENGTH) {
            throw new FrameException("TCP segment of " + length + " bytes is shorter than its header");
        }
        int headerLength = (BigEndian.u8(data, offset + 12) >>> 4) * 4;
        if (headerLength < TcpHeader.MINIMUM_LENGTH || headerLength > length) {
            throw new FrameException("TCP data offset " + headerLength + " with " + length + " bytes received");
        }
        int mss = TcpHeader.ABSENT;
        int windowScale = TcpHeader.ABSENT;
        boolean sackPermitted = false;
        int at = offset + TcpHeader.MINIMUM_LENGTH;
        int end = offset + headerLength;
        while (at < end) {
            int kind = BigEndian.u8(data, at);
            if (kind == END) {
                break;
            }
            if (kind == NOP) {
                at++;
                continue;
            }
            if (at + 2 > end) {
                throw new FrameException("TCP option " + kind + " has no length");
            }
            int optionLength = BigEndian.u8(data, at + 1);
            if (optionLength < 2 || at + optionLength > end) {
                throw new FrameException("TCP option " + kind + " of length " + optionLength + " overruns the header");
            }
            if (kind == MSS && optionLength == 4) {
                mss = BigEndian.u16(data, at + 2);
            } else if (kind == WINDOW_SCALE && optionLength == 3) {
                windowScale = Math.min(BigEndian.u8(data, at + 2), TcpHeader.MAX_WINDOW_SCALE);
            } else if (kind == SACK_PERMITTED && optionLength == 2) {
                sackPermitted = true;
            } else if (kind == MSS || kind == WINDOW_SCALE || kind == SACK_PERMITTED) {
                throw new FrameException("TCP option " + kind + " has the wrong length " + optionLength);
            }
            at += optionLength;
        }
        TcpHeader header = new TcpHeader(BigEndian.u16(data, offset), BigEndian.u16(data, offset + 2),
                BigEndian.i32(data, offset + 4), BigEndian.i32(data, offset + 8), BigEndian.u8(data, offset + 13) & 0x3F,
                BigEndian.u16(data, offset + 14), mss, windowScale);
        return new TcpSegment(header, sackPermitted, data, offset + headerLength, length - headerLength);
    }

    /** How much sequence space the segment takes: its data, plus one each for SYN and FIN. */
    public int sequenceLength() {
        return payloadLength + (header.has(TcpHeader.SYN) ? 1 : 0) + (header.has(TcpHeader.FIN) ? 1 : 0);
    }
}
