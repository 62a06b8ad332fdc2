package io.vireo.engine.devices.virtio;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.testing.AllocationBound;
import org.junit.jupiter.api.AfterAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target: the split-ring walk over whatever a driver left in RAM (rings anywhere, descriptors with
 * loops, addresses outside RAM, huge lengths, nested and oversized indirect tables). A walk ends in a
 * chain whose every buffer lies in RAM or in a {@link VirtqueueException}; one {@code next()} allocates at
 * most {@link #WALK_BOUND}; the queue writes nothing but its used ring.
 */
class VirtQueueFuzzTest {
    private static final long RAM = 0x8000_0000L;
    /** Big enough for an indirect table of millions of descriptors; pages never touched cost nothing. */
    private static final long RAM_SIZE = 64L << 20;
    private static final long POOL = RAM + (16L << 20);
    /** A chain holds at most 32768 + 65536 descriptors (queue plus one indirect table). */
    private static final long WALK_BOUND = 16L << 20;
    private static final int DESC_NEXT = 1, DESC_WRITE = 2, DESC_INDIRECT = 4;

    private static final GuestMemory MEMORY = new GuestMemory(RAM, RAM_SIZE);

    @AfterAll
    static void freeRam() {
        MEMORY.close();
    }

    @FuzzTest(maxDuration = "5m")
    void descriptorWalk(FuzzedDataProvider data) {
        MEMORY.setWriteObserver((offset, length) -> { });
        MEMORY.release(RAM, RAM_SIZE);
        int size = 1 << data.consumeInt(0, 15);
        boolean eventIndex = data.consumeBoolean();
        long desc = place(data, 0), avail = place(data, 0x10_0000L), used = place(data, 0x20_0000L);
        try {
            VirtQueue.checkLayout(MEMORY, size, desc, avail, used);
        } catch (VirtqueueException rejected) {
            return;
        }
        for (int i = 0, n = Math.min(size, data.consumeInt(0, 64)); i < n; i++) {
            writeDescriptor(data, desc + 16L * data.consumeInt(0, size - 1));
        }
        for (int i = 0, n = data.consumeInt(0, 64); i < n; i++) {
            writeDescriptor(data, POOL + 16L * i);
        }
        MEMORY.writeShort(avail, (short) data.consumeInt());
        MEMORY.writeShort(avail + 2, (short) (data.consumeBoolean() ? data.consumeInt(0, 8) : data.consumeInt()));
        for (int i = 0; i < Math.min(size, 8); i++) {
            MEMORY.writeShort(avail + 4 + 2L * i, (short) (data.consumeBoolean() ? data.consumeInt(0, size - 1) : data.consumeInt()));
        }
        MEMORY.writeShort(avail + 4 + 2L * size, (short) data.consumeInt());

        VirtQueue queue = new VirtQueue(0, MEMORY);
        queue.configure(size, desc, avail, used, eventIndex);
        long usedEnd = used + 6 + 8L * size;
        MEMORY.setWriteObserver((offset, length) -> {
            long address = RAM + offset;
            if (address < used || address + length > usedEnd) {
                throw new AssertionError("the queue wrote 0x%x (+%d), outside its used ring".formatted(address, length));
            }
        });
        for (int round = 0; round < 16; round++) {
            DescriptorChain[] walked = new DescriptorChain[1];
            AllocationBound.check(WALK_BOUND, VirtqueueException.class, () -> walked[0] = queue.next().orElse(null));
            if (walked[0] == null) {
                return;
            }
            DescriptorChain chain = walked[0];
            assertThat(chain.head()).isBetween(0, size - 1);
            for (DescriptorChain.Segment s : chain.readable()) {
                assertThat(MEMORY.contains(s.address(), s.length())).as("readable buffer in RAM").isTrue();
            }
            for (DescriptorChain.Segment s : chain.writable()) {
                assertThat(MEMORY.contains(s.address(), s.length())).as("writable buffer in RAM").isTrue();
            }
            assertThat(chain.readableLength() + chain.writableLength()).isLessThanOrEqualTo(256L << 20);
            queue.complete(chain, data.consumeInt());
        }
    }

    /** A ring address: where a sane driver puts it, anywhere in RAM, or anything at all. */
    private static long place(FuzzedDataProvider data, long sane) {
        return switch (data.consumeInt(0, 3)) {
            case 0, 1 -> RAM + sane;
            case 2 -> RAM + data.consumeLong(-16, RAM_SIZE);
            default -> data.consumeLong();
        };
    }

    private static void writeDescriptor(FuzzedDataProvider data, long at) {
        int flags = data.consumeBoolean() ? data.pickValue(new int[] {0, DESC_NEXT, DESC_WRITE, DESC_NEXT | DESC_WRITE,
                DESC_INDIRECT, DESC_INDIRECT | DESC_NEXT}) : data.consumeInt(0, 0xFFFF);
        long address = switch (data.consumeInt(0, 3)) {
            case 0 -> (flags & DESC_INDIRECT) != 0 ? POOL : RAM + data.consumeLong(0, 1 << 20);
            case 1 -> RAM + RAM_SIZE - data.consumeLong(0, 64);
            case 2 -> RAM + data.consumeLong(0, RAM_SIZE);
            default -> data.consumeLong();
        };
        int length = switch (data.consumeInt(0, 3)) {
            case 0 -> data.consumeInt(0, 4096);
            case 1 -> 16 * data.consumeInt(0, (int) (RAM_SIZE / 16));
            default -> data.consumeInt();
        };
        MEMORY.writeLong(at, address);
        MEMORY.writeInt(at + 8, length);
        MEMORY.writeShort(at + 12, (short) flags);
        MEMORY.writeShort(at + 14, (short) (data.consumeBoolean() ? data.consumeInt(0, 8) : data.consumeInt()));
    }
}
