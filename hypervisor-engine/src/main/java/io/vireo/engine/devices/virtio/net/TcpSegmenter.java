package io.vireo.engine.devices.virtio.net;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.frame.InternetChecksum;

import java.util.ArrayList;
import java.util.List;

/**
 * TCP segmentation offload (TSO) for IPv4: the guest hands over one TCP segment of up to 64 KiB and the
 * maximum segment size, and the device cuts it into frames of that size, each with its own IP length,
 * identification and checksum, sequence number and TCP checksum, FIN and PSH kept for the last and CWR
 * for the first. In an emulator this pays: the guest's stack and driver run once per 64 KiB instead of once
 * per 1.5 KiB, and the host does the cutting at native speed. Every header field it reads is checked first.
 */
final class TcpSegmenter {
    private static final int IPV4 = 0x0800, VLAN = 0x8100, TCP = 6;
    private static final int FIN = 0x01, PSH = 0x08, CWR = 0x80;
    /** Below this a guest would ask for over a thousand frames per segment; Linux never goes that low. */
    static final int MIN_MSS = 64;

    private TcpSegmenter() {
    }

    /** The frames of {@code frame} cut at {@code mss} payload bytes, none longer than {@code maxFrame}. */
    static List<byte[]> segment(byte[] frame, int mss, int maxFrame) throws TxFrame.Dropped {
        int l3 = 14, type = u16(frame, 12);
        if (type == VLAN && frame.length >= 18) {
            l3 = 18;
            type = u16(frame, 16);
        }
        if (type != IPV4 || frame.length < l3 + 20 || (frame[l3] & 0xF0) != 0x40) {
            throw new TxFrame.Dropped("segmentation offload of a frame that is not IPv4");
        }
        int ipHeader = (frame[l3] & 0x0F) * 4;
        int l4 = l3 + ipHeader;
        if (ipHeader < 20 || frame[l3 + 9] != TCP || frame.length < l4 + 20) {
            throw new TxFrame.Dropped("segmentation offload of a packet that is not TCP");
        }
        if ((u16(frame, l3 + 6) & 0x3FFF) != 0) {
            throw new TxFrame.Dropped("segmentation offload of an IP fragment");
        }
        int tcpHeader = ((frame[l4 + 12] & 0xFF) >>> 4) * 4;
        int headers = l4 + tcpHeader;
        if (tcpHeader < 20 || frame.length < headers) {
            throw new TxFrame.Dropped("a TCP header longer than the frame");
        }
        if (mss < MIN_MSS || headers + mss > maxFrame) {
            throw new TxFrame.Dropped("a segment size of " + mss + " with " + headers + " bytes of headers");
        }
        int payload = frame.length - headers;
        int count = Math.max(1, Math.ceilDiv(payload, mss));
        int id = u16(frame, l3 + 4);
        long sequence = u32(frame, l4 + 4);
        Ipv4Address source = new Ipv4Address(s32(frame, l3 + 12)), destination = new Ipv4Address(s32(frame, l3 + 16));
        List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = Math.min(mss, payload - i * mss);
            byte[] s = new byte[headers + length];
            System.arraycopy(frame, 0, s, 0, headers);
            System.arraycopy(frame, headers + i * mss, s, headers, length);
            put16(s, l3 + 2, ipHeader + tcpHeader + length);
            put16(s, l3 + 4, id + i);
            put16(s, l3 + 10, 0);
            put16(s, l3 + 10, InternetChecksum.of(s, l3, ipHeader));
            put32(s, l4 + 4, sequence + (long) i * mss);
            int flags = s[l4 + 13] & 0xFF;
            if (i + 1 < count) {
                flags &= ~(FIN | PSH);
            }
            if (i > 0) {
                flags &= ~CWR;
            }
            s[l4 + 13] = (byte) flags;
            put16(s, l4 + 16, 0);
            int sum = InternetChecksum.pseudoHeader(source, destination, TCP, tcpHeader + length);
            put16(s, l4 + 16, InternetChecksum.finish(InternetChecksum.add(sum, s, l4, tcpHeader + length)));
            frames.add(s);
        }
        return frames;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    private static int s32(byte[] b, int at) {
        return u16(b, at) << 16 | u16(b, at + 2);
    }

    private static long u32(byte[] b, int at) {
        return s32(b, at) & 0xFFFF_FFFFL;
    }

    private static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    private static void put32(byte[] b, int at, long value) {
        put16(b, at, (int) (value >>> 16));
        put16(b, at + 2, (int) value);
    }
}
