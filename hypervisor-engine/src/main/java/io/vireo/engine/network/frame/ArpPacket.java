package io.vireo.engine.network.frame;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;

/** An ARP request or reply for IPv4 over Ethernet (RFC 826); other hardware or protocol types are refused. */
public record ArpPacket(int operation, MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac,
        Ipv4Address targetIp) {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    public static final int LENGTH = 28;

    public static ArpPacket parse(EthernetFrame frame) throws FrameException {
        if (frame.etherType() != EthernetFrame.ARP) {
            throw new FrameException("not an ARP frame: type 0x" + Integer.toHexString(frame.etherType()));
        }
        return parse(frame.data(), frame.payloadOffset(), frame.payloadLength());
    }

    public static ArpPacket parse(byte[] data, int offset, int length) throws FrameException {
        Region.check(data, offset, length);
        if (length < LENGTH) {
            throw new FrameException("ARP packet of " + length + " bytes is shorter than 28");
        }
        if (BigEndian.u16(data, offset) != 1 || BigEndian.u16(data, offset + 2) != EthernetFrame.IPV4
                || BigEndian.u8(data, offset + 4) != 6 || BigEndian.u8(data, offset + 5) != 4) {
            throw new FrameException("ARP for something other than IPv4 over Ethernet");
        }
        int operation = BigEndian.u16(data, offset + 6);
        if (operation != REQUEST && operation != REPLY) {
            throw new FrameException("ARP operation " + operation + " is neither request nor reply");
        }
        return new ArpPacket(operation, new MacAddress(BigEndian.u48(data, offset + 8)),
                new Ipv4Address(BigEndian.i32(data, offset + 14)), new MacAddress(BigEndian.u48(data, offset + 18)),
                new Ipv4Address(BigEndian.i32(data, offset + 24)));
    }

    /** Writes the 28-byte packet at {@code offset} and returns its length. */
    public int write(byte[] out, int offset) {
        BigEndian.put16(out, offset, 1);
        BigEndian.put16(out, offset + 2, EthernetFrame.IPV4);
        out[offset + 4] = 6;
        out[offset + 5] = 4;
        BigEndian.put16(out, offset + 6, operation);
        senderMac.write(out, offset + 8);
        BigEndian.put32(out, offset + 14, senderIp.bits());
        targetMac.write(out, offset + 18);
        BigEndian.put32(out, offset + 24, targetIp.bits());
        return LENGTH;
    }

    /** The reply that tells the sender of this request that {@code mac} holds the asked-for address. */
    public ArpPacket answer(MacAddress mac) {
        return new ArpPacket(REPLY, mac, targetIp, senderMac, senderIp);
    }
}
