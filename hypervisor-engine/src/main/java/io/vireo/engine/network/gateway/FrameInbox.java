package io.vireo.engine.network.gateway;

import io.vireo.engine.network.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Frames from the switch waiting for the gateway's thread, one bounded queue per sending MAC, taken in turns:
 * a guest that floods fills only its own queue and loses only its own frames. The switch lets a NIC send
 * from its own MAC only, so a queue is a port's. Frames from any thread; taken on the gateway's.
 */
final class FrameInbox {
    private static final int SOURCE_MAC = 6;
    private static final int MAC_END = 12;
    /** Frames taken per turn, so socket events are never starved by a busy guest. */
    private static final int BATCH = 256;

    private final int perSource;
    private final Map<MacAddress, ArrayDeque<byte[]>> queues = new LinkedHashMap<>();
    private int queued;
    private long dropped;

    FrameInbox(int perSource) {
        this.perSource = perSource;
    }

    /** Copies the frame in; returns whether the inbox was empty before (the taker may need waking). */
    synchronized boolean offer(ByteBuffer frame) {
        if (frame.remaining() < MAC_END) {
            dropped++;
            return false;
        }
        byte[] copy = new byte[frame.remaining()];
        frame.get(frame.position(), copy);
        ArrayDeque<byte[]> queue = queues.computeIfAbsent(MacAddress.of(copy, SOURCE_MAC), mac -> new ArrayDeque<>());
        if (queue.size() >= perSource) {
            dropped++;
            return false;
        }
        queue.add(copy);
        return queued++ == 0;
    }

    /** Hands up to a batch of frames to {@code taker}, one per source in turn; returns whether frames remain. */
    boolean drain(Consumer<byte[]> taker) {
        byte[][] batch = new byte[BATCH][];
        int count;
        boolean more;
        synchronized (this) {
            count = 0;
            int before;
            do {
                before = count;
                count = takeRound(batch, count);
            } while (count > before && count < BATCH);
            queued -= count;
            more = queued > 0;
        }
        for (int i = 0; i < count; i++) {
            taker.accept(batch[i]);
        }
        return more;
    }

    private int takeRound(byte[][] batch, int count) {
        Iterator<ArrayDeque<byte[]>> it = queues.values().iterator();
        while (it.hasNext() && count < batch.length) {
            ArrayDeque<byte[]> queue = it.next();
            byte[] frame = queue.poll();
            if (frame == null) {
                it.remove();
            } else {
                batch[count++] = frame;
            }
        }
        return count;
    }

    synchronized long dropped() {
        return dropped;
    }
}
