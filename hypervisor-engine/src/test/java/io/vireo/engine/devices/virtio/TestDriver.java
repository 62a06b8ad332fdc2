package io.vireo.engine.devices.virtio;

import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.testing.Await;

import java.time.Duration;

/** A minimal virtio-mmio driver for device tests: negotiates, lays queues out in guest RAM, posts chains. */
final class TestDriver {
    static final long RAM = 0x8000_0000L;
    static final int QUEUE_SIZE = 16;
    static final int ACKNOWLEDGE = 1, DRIVER = 2, DRIVER_OK = 4, FEATURES_OK = 8, NEEDS_RESET = 64;

    final GuestMemory memory = new GuestMemory(RAM, 4 << 20);
    final boolean[] irq = new boolean[1];
    final VirtioMmioTransport transport;
    private final int[] availIdx = new int[8];
    private int nextDescriptor;

    TestDriver(java.util.function.Function<GuestMemory, VirtioDevice> device) {
        transport = new VirtioMmioTransport(memory, level -> irq[0] = level, device.apply(memory));
    }

    int reg(int offset) {
        return (int) transport.read(offset, 4);
    }

    void reg(int offset, long value) {
        transport.write(offset, 4, value);
    }

    long deviceFeatures() {
        reg(0x014, 0);
        long lo = reg(0x010) & 0xFFFFFFFFL;
        reg(0x014, 1);
        return lo | ((reg(0x010) & 0xFFFFFFFFL) << 32);
    }

    /** Negotiates {@code features}; returns whether the device accepted them (FEATURES_OK stuck). */
    boolean negotiate(long features) {
        reg(0x070, 0);
        reg(0x070, ACKNOWLEDGE | DRIVER);
        reg(0x024, 0);
        reg(0x020, features & 0xFFFFFFFFL);
        reg(0x024, 1);
        reg(0x020, features >>> 32);
        reg(0x070, ACKNOWLEDGE | DRIVER | FEATURES_OK);
        return (reg(0x070) & FEATURES_OK) != 0;
    }

    static long desc(int q) {
        return RAM + 0x10000L * (q + 1);
    }

    static long avail(int q) {
        return desc(q) + 16L * QUEUE_SIZE;
    }

    static long used(int q) {
        return desc(q) + 0x1000;
    }

    void setUpQueue(int q) {
        reg(0x030, q);
        reg(0x038, QUEUE_SIZE);
        reg(0x080, desc(q));
        reg(0x084, desc(q) >>> 32);
        reg(0x090, avail(q));
        reg(0x094, avail(q) >>> 32);
        reg(0x0A0, used(q));
        reg(0x0A4, used(q) >>> 32);
        reg(0x044, 1);
    }

    /** Full bring-up with VERSION_1 and every other offered feature, all queues, DRIVER_OK. */
    void start(int queues) {
        start(queues, 0);
    }

    /** Full bring-up with every offered feature but {@code declined}, all queues, DRIVER_OK. */
    void start(int queues, long declined) {
        if (!negotiate(deviceFeatures() & ~declined)) {
            throw new IllegalStateException("device refused its own features");
        }
        for (int q = 0; q < queues; q++) {
            setUpQueue(q);
        }
        reg(0x070, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
    }

    record Buffer(long address, int length, boolean writable) {
    }

    /** Posts a chain of buffers on queue {@code q} and notifies; returns the head descriptor index. */
    int post(int q, Buffer... buffers) {
        int head = nextDescriptor % QUEUE_SIZE;
        for (int i = 0; i < buffers.length; i++) {
            int index = (head + i) % QUEUE_SIZE;
            long d = desc(q) + 16L * index;
            memory.writeLong(d, buffers[i].address());
            memory.writeInt(d + 8, buffers[i].length());
            int flags = (buffers[i].writable() ? 2 : 0) | (i + 1 < buffers.length ? 1 : 0);
            memory.writeShort(d + 12, (short) flags);
            memory.writeShort(d + 14, (short) ((index + 1) % QUEUE_SIZE));
        }
        nextDescriptor += buffers.length;
        return publish(q, head);
    }

    /** Puts {@code head} on the available ring as is (for hand-made, possibly malformed, chains). */
    int publish(int q, int head) {
        memory.writeShort(avail(q) + 4 + 2L * (availIdx[q] % QUEUE_SIZE), (short) head);
        availIdx[q]++;
        memory.writeShort(avail(q) + 2, (short) availIdx[q]);
        reg(0x050, q);
        return head;
    }

    /** Waits until the device has returned {@code count} chains on queue {@code q}. */
    void awaitUsed(int q, int count) throws InterruptedException {
        Await.until(() -> usedCount(q) >= count, Duration.ofSeconds(10), () -> "device returned " + usedCount(q)
                + " chains, expected " + count + "; status " + reg(0x070) + " " + transport.lastError());
    }

    int usedCount(int q) {
        return memory.readShort(used(q) + 2) & 0xFFFF;
    }

    int usedLength(int q, int element) {
        return memory.readInt(used(q) + 4 + 8L * element + 4);
    }

    void close() {
        transport.shutdown();
        memory.close();
    }
}
