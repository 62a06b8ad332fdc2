package io.vireo.engine.network.frame;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;
import java.util.Arrays;

/**
 * A BOOTP/DHCP message (RFC 2131) for Ethernet clients: the fixed fields a server needs and the options.
 * The server-name and boot-file fields are neither read nor written (so option overload, 52, is not
 * honoured: a server that never sets it never receives it from a sane client).
 *
 * @param op {@link #BOOT_REQUEST} from a client, {@link #BOOT_REPLY} from a server
 * @param flags the BOOTP flags; {@link #BROADCAST_FLAG} asks for a broadcast reply
 */
public record DhcpMessage(int op, int transactionId, int seconds, int flags, Ipv4Address clientAddress,
        Ipv4Address yourAddress, Ipv4Address serverAddress, Ipv4Address relayAddress, MacAddress clientMac,
        DhcpOptions options) {
    public static final int BOOT_REQUEST = 1;
    public static final int BOOT_REPLY = 2;
    public static final int BROADCAST_FLAG = 0x8000;
    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;
    private static final int FIXED = 236;
    private static final int MAGIC_COOKIE = 0x63825363;
    /** BOOTP's minimum message; some clients drop shorter replies. */
    private static final int MINIMUM_LENGTH = 300;

    public static DhcpMessage parse(UdpDatagram datagram) throws FrameException {
        return parse(datagram.data(), datagram.payloadOffset(), datagram.payloadLength());
    }

    public static DhcpMessage parse(byte[] data, int offset, int length) throws FrameException {
        Region.check(data, offset, length);
        if (length < FIXED + 4) {
            throw new FrameException("DHCP message of " + length + " bytes is shorter than its fixed part");
        }
        int op = BigEndian.u8(data, offset);
        if (op != BOOT_REQUEST && op != BOOT_REPLY) {
            throw new FrameException("BOOTP op " + op + " is neither request nor reply");
        }
        if (BigEndian.u8(data, offset + 1) != 1 || BigEndian.u8(data, offset + 2) != 6) {
            throw new FrameException("DHCP for hardware other than Ethernet");
        }
        if (BigEndian.i32(data, offset + FIXED) != MAGIC_COOKIE) {
            throw new FrameException("DHCP magic cookie missing (plain BOOTP is not served)");
        }
        DhcpOptions options = DhcpOptions.parse(data, offset + FIXED + 4, length - FIXED - 4);
        return new DhcpMessage(op, BigEndian.i32(data, offset + 4), BigEndian.u16(data, offset + 8),
                BigEndian.u16(data, offset + 10), address(data, offset + 12), address(data, offset + 16),
                address(data, offset + 20), address(data, offset + 24), new MacAddress(BigEndian.u48(data, offset + 28)),
                options);
    }

    private static Ipv4Address address(byte[] data, int offset) {
        return new Ipv4Address(BigEndian.i32(data, offset));
    }

    public boolean broadcastRequested() {
        return (flags & BROADCAST_FLAG) != 0;
    }

    /** How many bytes {@link #write} writes. */
    public int length() {
        return Math.max(MINIMUM_LENGTH, FIXED + 4 + options.encodedLength());
    }

    /** Writes the message at {@code offset}, padded to BOOTP's 300 bytes; returns its length. */
    public int write(byte[] out, int offset) {
        int length = length();
        Arrays.fill(out, offset, offset + length, (byte) 0);
        out[offset] = (byte) op;
        out[offset + 1] = 1;
        out[offset + 2] = 6;
        BigEndian.put32(out, offset + 4, transactionId);
        BigEndian.put16(out, offset + 8, seconds);
        BigEndian.put16(out, offset + 10, flags);
        BigEndian.put32(out, offset + 12, clientAddress.bits());
        BigEndian.put32(out, offset + 16, yourAddress.bits());
        BigEndian.put32(out, offset + 20, serverAddress.bits());
        BigEndian.put32(out, offset + 24, relayAddress.bits());
        clientMac.write(out, offset + 28);
        BigEndian.put32(out, offset + FIXED, MAGIC_COOKIE);
        options.write(out, offset + FIXED + 4);
        return length;
    }
}
