package io.vireo.engine.devices.virtio.net;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Frames for the guest that wait for it to post receive buffers, each copied behind room for the
 * {@code virtio_net_hdr_v1} so it lands in guest RAM in one write. Bounded: a guest that posts no
 * buffers loses frames (counted by the caller), it never makes the host hold more.
 * Not thread-safe: used under the NIC's receive lock.
 */
final class RxBacklog {
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final int capacity;
    private final long capacityBytes;
    private long bytes;

    /** Holds at most {@code capacity} frames and {@code capacityBytes} bytes of them. */
    RxBacklog(int capacity, long capacityBytes) {
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
    }

    /** Copies the frame in; false when the backlog is full (the frame is not taken). */
    boolean offer(ByteBuffer frame) {
        if (frames.size() >= capacity || bytes + frame.remaining() > capacityBytes) {
            return false;
        }
        byte[] copy = new byte[TxFrame.HEADER + frame.remaining()];
        frame.get(frame.position(), copy, TxFrame.HEADER, frame.remaining());
        frames.add(copy);
        bytes += frame.remaining();
        return true;
    }

    /** The oldest frame with its header room in front, or null. */
    byte[] peek() {
        return frames.peek();
    }

    void remove() {
        bytes -= frames.remove().length - TxFrame.HEADER;
    }

    /** Empties the backlog; returns how many frames it held. */
    int clear() {
        int n = frames.size();
        frames.clear();
        bytes = 0;
        return n;
    }

    int size() {
        return frames.size();
    }
}
