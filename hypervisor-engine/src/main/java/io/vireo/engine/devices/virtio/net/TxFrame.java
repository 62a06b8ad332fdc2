package io.vireo.engine.devices.virtio.net;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.mmu.GuestMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An Ethernet frame the guest sent, taken from its transmit chain (virtio 1.x §5.1.6.2): the 12-byte
 * {@code virtio_net_hdr_v1} and the frame after it. Every field the guest controls is checked here: the
 * chain holds no device-writable buffer, the frame is at least an Ethernet header and at most a full
 * frame of the MTU (with one VLAN tag), no segmentation offload is asked for (none is offered), and a
 * checksum left to the device lies inside the frame. The checksum is then completed, so what leaves the
 * NIC is a finished frame; anything else is {@link Dropped} with the reason.
 */
record TxFrame(byte[] bytes) {
    /** Bytes of {@code virtio_net_hdr_v1} in front of every frame, both directions. */
    static final int HEADER = 12;
    /** An Ethernet header: destination, source, type. */
    static final int MIN_FRAME = 14;
    static final int F_NEEDS_CSUM = 1, F_DATA_VALID = 2;
    private static final int GSO_NONE = 0;

    /** Parses and checks a transmit chain; {@code maxFrame} is the longest frame the NIC carries. */
    static TxFrame parse(GuestMemory memory, DescriptorChain chain, int maxFrame) throws Dropped {
        if (!chain.writable().isEmpty()) {
            throw new Dropped("a transmit chain with device-writable buffers");
        }
        long length = chain.readableLength() - HEADER;
        if (length < MIN_FRAME) {
            throw new Dropped("a frame of " + Math.max(0, length) + " bytes is shorter than an Ethernet header");
        }
        if (length > maxFrame) {
            throw new Dropped("a frame of " + length + " bytes is longer than the " + maxFrame + " the MTU allows");
        }
        byte[] header = new byte[HEADER];
        chain.read(memory, 0, header);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int flags = h.get(0) & 0xFF;
        int gsoType = h.get(1) & 0xFF;
        int checksumStart = h.getShort(6) & 0xFFFF;
        int checksumOffset = h.getShort(8) & 0xFFFF;
        if (gsoType != GSO_NONE) {
            throw new Dropped("segmentation offload " + gsoType + " was not offered");
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
            completeChecksum(frame, checksumStart, checksumStart + checksumOffset);
        }
        return new TxFrame(frame);
    }

    /**
     * The guest left the Internet checksum over {@code [start, end of frame)} to the device, with the
     * pseudo-header's sum already in the checksum field: sum everything from {@code start}, fold, and store
     * the complement. A zero result goes out as 0xFFFF, its other form, because UDP reads 0 as "no checksum".
     */
    private static void completeChecksum(byte[] frame, int start, int field) {
        long sum = 0;
        int i = start;
        for (; i + 1 < frame.length; i += 2) {
            sum += (frame[i] & 0xFF) << 8 | frame[i + 1] & 0xFF;
        }
        if (i < frame.length) {
            sum += (frame[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        int checksum = (int) ~sum & 0xFFFF;
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
