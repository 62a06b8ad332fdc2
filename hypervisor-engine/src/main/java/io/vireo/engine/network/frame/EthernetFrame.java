package io.vireo.engine.network.frame;

import io.vireo.engine.network.MacAddress;
import java.nio.ByteBuffer;

/**
 * An Ethernet II frame with at most one 802.1Q tag, as a view of the caller's bytes: the payload is the
 * region {@code [payloadOffset, payloadOffset + payloadLength)} of {@code data}, valid while the caller
 * keeps those bytes unchanged. No preamble, no FCS; the payload may carry Ethernet's minimum-size padding,
 * which the IPv4 layer trims by its total length.
 *
 * @param vlan the 12-bit VLAN id of the tag, or {@link #UNTAGGED}
 * @param etherType the type after any tag ({@link #IPV4}, {@link #ARP}, ...)
 */
public record EthernetFrame(MacAddress destination, MacAddress source, int vlan, int etherType, byte[] data,
        int payloadOffset, int payloadLength) {
    public static final int UNTAGGED = -1;
    public static final int HEADER = 14;
    public static final int TAGGED_HEADER = 18;
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    public static final int VLAN_TAG = 0x8100;
    public static final int IPV6 = 0x86DD;

    public static EthernetFrame parse(byte[] data, int offset, int length) throws FrameException {
        Region.check(data, offset, length);
        if (length < HEADER) {
            throw new FrameException("Ethernet frame of " + length + " bytes is shorter than its header");
        }
        MacAddress destination = new MacAddress(BigEndian.u48(data, offset));
        MacAddress source = new MacAddress(BigEndian.u48(data, offset + 6));
        int type = BigEndian.u16(data, offset + 12);
        if (type != VLAN_TAG) {
            return checkType(new EthernetFrame(destination, source, UNTAGGED, type, data, offset + HEADER,
                    length - HEADER));
        }
        if (length < TAGGED_HEADER) {
            throw new FrameException("802.1Q frame of " + length + " bytes is shorter than its header");
        }
        int vlan = BigEndian.u16(data, offset + 14) & 0xFFF;
        int inner = BigEndian.u16(data, offset + 16);
        if (inner == VLAN_TAG) {
            throw new FrameException("stacked 802.1Q tags are not supported");
        }
        return checkType(new EthernetFrame(destination, source, vlan, inner, data, offset + TAGGED_HEADER,
                length - TAGGED_HEADER));
    }

    /** Parses the frame between the buffer's position and limit, without moving them. */
    public static EthernetFrame parse(ByteBuffer frame) throws FrameException {
        if (frame.hasArray()) {
            return parse(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        }
        byte[] copy = new byte[frame.remaining()];
        frame.get(frame.position(), copy);
        return parse(copy, 0, copy.length);
    }

    private static EthernetFrame checkType(EthernetFrame frame) throws FrameException {
        if (frame.etherType < 0x0600) {
            throw new FrameException("an 802.3 length field (" + frame.etherType + "), not an Ethernet II type");
        }
        return frame;
    }

    public boolean tagged() {
        return vlan != UNTAGGED;
    }

    /**
     * Writes an Ethernet header (tagged when {@code vlan} is not {@link #UNTAGGED}) at {@code offset} and
     * returns its length; the payload follows it.
     */
    public static int writeHeader(byte[] out, int offset, MacAddress destination, MacAddress source, int vlan,
            int etherType) {
        destination.write(out, offset);
        source.write(out, offset + 6);
        if (vlan == UNTAGGED) {
            BigEndian.put16(out, offset + 12, etherType);
            return HEADER;
        }
        if (vlan < 0 || vlan > 0xFFF) {
            throw new IllegalArgumentException("a VLAN id has 12 bits, was " + vlan);
        }
        BigEndian.put16(out, offset + 12, VLAN_TAG);
        BigEndian.put16(out, offset + 14, vlan);
        BigEndian.put16(out, offset + 16, etherType);
        return TAGGED_HEADER;
    }

    /**
     * Turns the untagged frame of {@code length} bytes at {@code offset} into one tagged with {@code vlan}, in
     * place (the array needs four bytes beyond the frame); returns the new length. {@link #UNTAGGED} leaves
     * the frame as it is. A trunk port's owner (the gateway) answers a VLAN's guests this way.
     */
    public static int tag(byte[] frame, int offset, int length, int vlan) {
        if (vlan == UNTAGGED) {
            return length;
        }
        if (vlan < 0 || vlan > 0xFFF) {
            throw new IllegalArgumentException("a VLAN id has 12 bits, was " + vlan);
        }
        System.arraycopy(frame, offset + 12, frame, offset + 16, length - 12);
        BigEndian.put16(frame, offset + 12, VLAN_TAG);
        BigEndian.put16(frame, offset + 14, vlan);
        return length + 4;
    }
}
