package io.vireo.engine.devices.virtio;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.vireo.engine.testing.RamGuard;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.vireo.engine.devices.virtio.TestDriver.RAM;

/**
 * Posts the chains a fuzz input shapes (at most {@link TestDriver#QUEUE_SIZE} descriptors a queue between
 * two notifications) on a {@link TestDriver}'s queues: mostly what a driver would
 * post, sometimes through an indirect table, sometimes with a field corrupted (an address outside RAM, a
 * huge length, a flipped flag, a wild next index, a nested indirect table). Guest buffers live in a data
 * area that holds no ring or table, so every range the device may write is one this class wrote into a
 * descriptor with the WRITE flag; {@link #allowWrites} hands those to a {@link RamGuard}. The choices come
 * from a fuzzer's input or, for a plain test run, from a seeded {@link Random}.
 */
final class FuzzedChains {
    /** Where the shape of a chain comes from. */
    private interface Choices {
        int intIn(int min, int max);

        int anyInt();

        long anyLong();
    }

    static final long DATA = RAM + 0x10_0000, DATA_SIZE = 0x10_0000;
    private static final long INDIRECT = RAM + 0x30_0000;
    private static final int NEXT = 1, WRITE = 2, INDIRECT_FLAG = 4;

    private final TestDriver driver;
    private final Choices data;
    private final List<long[]> writable = new ArrayList<>();
    private final int[] nextDescriptor = new int[8];
    private final int[] availIdx = new int[8];
    private long nextData = DATA;
    private long nextIndirect = INDIRECT;

    FuzzedChains(TestDriver driver, FuzzedDataProvider data) {
        this(driver, new Choices() {
            @Override
            public int intIn(int min, int max) {
                return data.consumeInt(min, max);
            }

            @Override
            public int anyInt() {
                return data.consumeInt();
            }

            @Override
            public long anyLong() {
                return data.consumeLong();
            }
        });
    }

    FuzzedChains(TestDriver driver, Random random) {
        this(driver, new Choices() {
            @Override
            public int intIn(int min, int max) {
                return random.nextInt(min, max + 1);
            }

            @Override
            public int anyInt() {
                return random.nextInt();
            }

            @Override
            public long anyLong() {
                return random.nextLong();
            }
        });
    }

    private FuzzedChains(TestDriver driver, Choices data) {
        this.driver = driver;
        this.data = data;
    }

    /** Room for {@code length} bytes in the data area (wrapping around; contents are the caller's). */
    long buffer(int length) {
        int room = (int) Math.min(Math.max(length, 0), DATA_SIZE);
        if (nextData + room > DATA + DATA_SIZE) {
            nextData = DATA;
        }
        long at = nextData;
        nextData += (room + 15) & ~15;
        return at;
    }

    /** Writes {@code bytes} into a fresh data buffer and returns its address. */
    long bufferWith(byte[] bytes) {
        long at = buffer(bytes.length);
        driver.memory.write(at, bytes, 0, (int) Math.min(bytes.length, DATA_SIZE));
        return at;
    }

    /**
     * Lays a chain out on queue {@code q} (possibly corrupted, possibly indirect) and makes it available,
     * without notifying, so the caller can take a {@link RamGuard} first.
     */
    void post(int q, TestDriver.Buffer... buffers) {
        post(q, true, buffers);
    }

    /** Lays a chain out as {@link #post} does, but never corrupted. */
    void postIntact(int q, TestDriver.Buffer... buffers) {
        post(q, false, buffers);
    }

    private void post(int q, boolean corrupt, TestDriver.Buffer[] buffers) {
        int head;
        if (buffers.length > 1 && data.intIn(0, 7) == 0) {
            long table = nextIndirect;
            nextIndirect += 16L * buffers.length;
            writeChain(table, 0, buffers, buffers.length, corrupt);
            head = takeDescriptors(q, 1);
            describe(TestDriver.desc(q) + 16L * head, table, 16 * buffers.length, INDIRECT_FLAG, 0);
        } else {
            head = takeDescriptors(q, buffers.length);
            writeChain(TestDriver.desc(q), head, buffers, TestDriver.QUEUE_SIZE, corrupt);
        }
        driver.memory.writeShort(TestDriver.avail(q) + 4 + 2L * (availIdx[q] % TestDriver.QUEUE_SIZE), (short) head);
        availIdx[q]++;
        driver.memory.writeShort(TestDriver.avail(q) + 2, (short) availIdx[q]);
    }

    /** Chains made available on queue {@code q} so far. */
    int posted(int q) {
        return availIdx[q];
    }

    void kick(int q) {
        driver.reg(0x050, q);
    }

    private int takeDescriptors(int q, int count) {
        int head = nextDescriptor[q] % TestDriver.QUEUE_SIZE;
        nextDescriptor[q] += count;
        return head;
    }

    private void writeChain(long table, int first, TestDriver.Buffer[] buffers, int tableSize, boolean corrupt) {
        for (int i = 0; i < buffers.length; i++) {
            int index = (first + i) % tableSize;
            int next = (index + 1) % tableSize;
            TestDriver.Buffer b = buffers[i];
            int flags = (b.writable() ? WRITE : 0) | (i + 1 < buffers.length ? NEXT : 0);
            long address = b.address();
            int length = b.length();
            switch (corrupt ? data.intIn(0, 31) : -1) {
                case 0 -> address = outsideRam(data.anyLong());
                case 1 -> length = data.anyInt();
                case 2 -> flags ^= WRITE;
                case 3 -> flags ^= NEXT;
                case 4 -> next = data.intIn(0, 0xFFFF);
                case 5 -> {
                    flags |= INDIRECT_FLAG;
                    address = INDIRECT;
                }
                default -> { }
            }
            describe(table + 16L * index, address, length, flags, next);
        }
    }

    private void describe(long at, long address, int length, int flags, int next) {
        driver.memory.writeLong(at, address);
        driver.memory.writeInt(at + 8, length);
        driver.memory.writeShort(at + 12, (short) flags);
        driver.memory.writeShort(at + 14, (short) next);
        if ((flags & WRITE) != 0) {
            writable.add(new long[] {address, length & 0xFFFFFFFFL});
        }
    }

    /** A corrupted address never lands in RAM, where it could name a ring or table as a buffer. */
    private static long outsideRam(long address) {
        return address >= RAM && address < RAM + (4 << 20) ? address ^ (1L << 62) : address;
    }

    /** Waits until queue {@code q} returned {@code count} chains or the device asked for a reset. */
    void awaitUsedOrReset(int q, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((driver.memory.readShort(TestDriver.used(q) + 2) & 0xFFFF) < count
                && (driver.reg(0x070) & TestDriver.NEEDS_RESET) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the device neither served " + count + " chains nor asked for a reset");
            }
            Thread.sleep(0, 100_000);
        }
    }

    boolean needsReset() {
        return (driver.reg(0x070) & TestDriver.NEEDS_RESET) != 0;
    }

    /** Allows the used rings of the first {@code queues} queues and every buffer posted as device-writable. */
    void allowWrites(RamGuard guard, int queues) {
        for (int q = 0; q < queues; q++) {
            guard.allow(TestDriver.used(q), 6 + 8L * TestDriver.QUEUE_SIZE);
        }
        for (long[] w : writable) {
            guard.allow(w[0], w[1]);
        }
    }
}
