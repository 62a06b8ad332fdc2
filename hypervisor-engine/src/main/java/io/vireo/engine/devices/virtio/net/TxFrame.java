package io.vireo.engine.devices.virtio.net;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.network.frame.InternetChecksum;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * What the guest sent in one transmit chain (virtio 1.x §5.1.6.2): the 12-byte {@code virtio_net_hdr_v1}
 * and a frame after it, which comes out as one or more finished frames. Every field the guest controls is
 * checked here: the chain holds no device-writable buffer, the frame is at least an Ethernet header and at
 * most a full frame of the MTU (with one VLAN tag), or for TCP segmentation offload at most 64 KiB of IP
 * ({@link TcpSegmenter} checks the rest), and a checksum left to the device lies inside the frame. The
 * checksum is then completed, so what leaves the NIC is finished; anything else is {@link Dropped} with the
 * reason.
 */
record TxFrame(List<byte[]> frames) {
    /** Bytes of {@code virtio_net_hdr_v1} in front of every frame, both directions. */
    static final int HEADER = 12;
    /** An Ethernet header: destination, source, type. */
    static final int MIN_FRAME = 14;
    static final int F_NEEDS_CSUM = 1, F_DATA_VALID = 2;
    private static final int GSO_NONE = 0, GSO_TCPV4 = 1;
    /** The longest frame segmentation offload takes: a 64 KiB IP packet behind a tagged Ethernet header. */
    static final int MAX_SEGMENTED_FRAME = 65_535 + 18;

    /** Parses and checks a transmit chain; {@code maxFrame} is the longest frame the NIC carries. */
    static TxFrame parse(GuestMemory memory, DescriptorChain chain, int maxFrame) throws Dropped {
        if (!chain.writable().isEmpty()) {
            throw new Dropped("a transmit chain with device-writable buffers");
        }
        if (chain.readableLength() < HEADER) {
            throw new Dropped("a transmit chain shorter than its header");
        }
        byte[] header = new byte[HEADER];
        chain.read(memory, 0, header);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int flags = h.get(0) & 0xFF;
        int gsoType = h.get(1) & 0xFF;
        int segmentSize = h.getShort(4) & 0xFFFF;
        int checksumStart = h.getShort(6) & 0xFFFF;
        int checksumOffset = h.getShort(8) & 0xFFFF;
        if (gsoType != GSO_NONE && gsoType != GSO_TCPV4) {
            throw new Dropped("segmentation offload " + gsoType + " was not offered");
        }
        long length = chain.readableLength() - HEADER;
        long longest = gsoType == GSO_TCPV4 ? MAX_SEGMENTED_FRAME : maxFrame;
        if (length < MIN_FRAME) {
            throw new Dropped("a frame of " + length + " bytes is shorter than an Ethernet header");
        }
        if (length > longest) {
            throw new Dropped("a frame of " + length + " bytes is longer than the " + longest + " allowed");
        }
        if ((flags & ~(F_NEEDS_CSUM | F_DATA_VALID)) != 0) {
            throw new Dropped("unknown header flags 0x" + Integer.toHexString(flags));
        }
        byte[] frame = new byte[(int) length];
        chain.read(memory, HEADER, frame);
        if ((flags & F_NEEDS_CSUM) != 0) {
            if (checksumStart + checksumOffset + 2 > frame.length) {
                throw new Dropped("a checksum at " + checksumStart + "+" + checksumOffset + " outside a frame of "
                        + frame.length + " bytes");
            }
            if (gsoType == GSO_TCPV4) {
                // Each segment gets its own checksums; the partial one in the big frame is not needed.
                return new TxFrame(TcpSegmenter.segment(frame, segmentSize, maxFrame));
            }
            completeChecksum(frame, checksumStart, checksumStart + checksumOffset);
        } else if (gsoType == GSO_TCPV4) {
            throw new Dropped("segmentation offload without a checksum left to the device");
        }
        return new TxFrame(List.of(frame));
    }

    /**
     * The guest left the Internet checksum over {@code [start, end of frame)} to the device, with the
     * pseudo-header's sum already in the checksum field: sum everything from {@code start}, fold, and store
     * the complement. A zero result goes out as 0xFFFF, its other form, because UDP reads 0 as "no checksum".
     */
    private static void completeChecksum(byte[] frame, int start, int field) {
        int checksum = InternetChecksum.of(frame, start, frame.length - start);
        if (checksum == 0) {
            checksum = 0xFFFF;
        }
        frame[field] = (byte) (checksum >>> 8);
        frame[field + 1] = (byte) checksum;
    }

    /** A transmit chain that carries no frame to send; the reason is for diagnostics. */
    static final class Dropped extends Exception {
        Dropped(String message) {
            // No stack trace: a guest can send these as fast as it likes.
            super(message, null, false, false);
        }
    }
}
