package io.vireo.engine.devices.virtio;

import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.mmu.GuestMemoryException;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A split virtqueue in guest memory (virtio 1.x §2.7) with event-index notification suppression.
 * Every guest-controlled field is validated here: chains longer than the queue (loops), descriptors
 * outside RAM, readable after writable, and nested indirect tables are protocol errors.
 */
public final class VirtQueue {
    private static final int DESC_NEXT = 1, DESC_WRITE = 2, DESC_INDIRECT = 4;
    private static final long MAX_CHAIN_BYTES = 256L << 20;
    /**
     * Descriptors in one indirect table. The walk's loop bound is the table's length, so a driver that
     * names most of its RAM as one table would otherwise make a single chain grow to millions of buffers.
     * 16-bit next fields cannot link more anyway.
     */
    private static final int MAX_INDIRECT_DESCRIPTORS = 1 << 16;

    private final int index;
    private final GuestMemory memory;
    private int size;
    private long descriptors, available, used;
    private boolean ready;
    private boolean eventIndex;
    private int lastAvailable;
    private int usedIndex;

    public VirtQueue(int index, GuestMemory memory) {
        this.index = index;
        this.memory = memory;
    }

    public int index() {
        return index;
    }

    // ---- configuration by the transport ----

    synchronized void configure(int size, long descriptors, long available, long used, boolean eventIndex) {
        this.size = size;
        this.descriptors = descriptors;
        this.available = available;
        this.used = used;
        this.eventIndex = eventIndex;
        this.lastAvailable = 0;
        this.usedIndex = 0;
        this.ready = true;
    }

    /** Where the device stands in the rings: the next available entry it will take, the next used entry it will fill. */
    synchronized int[] indices() {
        return new int[] {lastAvailable, usedIndex};
    }

    /** A ready queue as a saved machine left it: configured, with its ring positions. */
    synchronized void restore(int size, long descriptors, long available, long used, boolean eventIndex,
                              int lastAvailable, int usedIndex) {
        configure(size, descriptors, available, used, eventIndex);
        this.lastAvailable = lastAvailable;
        this.usedIndex = usedIndex;
    }

    synchronized void disable() {
        ready = false;
    }

    public synchronized boolean ready() {
        return ready;
    }

    /** Checks that the rings the driver placed lie in RAM; called when the queue is made ready. */
    static void checkLayout(GuestMemory memory, int size, long desc, long avail, long usedRing) throws VirtqueueException {
        if (size == 0 || (size & (size - 1)) != 0) {
            throw new VirtqueueException("queue size " + size + " is not a power of two");
        }
        if (!memory.contains(desc, 16L * size) || !memory.contains(avail, 6L + 2L * size)
                || !memory.contains(usedRing, 6L + 8L * size)) {
            throw new VirtqueueException("queue rings lie outside guest RAM");
        }
    }

    // ---- device side ----

    /** What a device does with one chain the driver made available. */
    @FunctionalInterface
    public interface ChainServer {
        /**
         * Serves the chain; answers how many bytes it wrote into it, or {@link #HELD}. Throws when the chain
         * breaks the protocol.
         */
        int serve(DescriptorChain chain) throws VirtqueueException;
    }

    /** A {@link ChainServer}'s answer for a chain it keeps, to return to the driver later itself. */
    public static final int HELD = -1;

    /**
     * Serves every chain the driver has made available, in order, and returns each one to it (interrupting
     * the driver when it asked to be told), unless the server holds it. A protocol error stops there and
     * marks the device as needing a reset.
     */
    public void serveAll(VirtioDevice.DeviceHost host, ChainServer server) {
        try {
            Optional<DescriptorChain> next;
            while ((next = next()).isPresent()) {
                int written = server.serve(next.get());
                if (written != HELD && complete(next.get(), written)) {
                    host.usedBuffers(this);
                }
            }
        } catch (VirtqueueException e) {
            host.needsReset(e.getMessage());
        }
    }

    /** The next available chain, or empty when the driver has posted nothing new. */
    public synchronized Optional<DescriptorChain> next() throws VirtqueueException {
        if (!ready) {
            return Optional.empty();
        }
        int availIdx = memory.readShort(available + 2) & 0xFFFF;
        VarHandle.acquireFence();
        if (availIdx == lastAvailable) {
            if (eventIndex) {
                // Ask the driver to notify us on the next buffer, then re-check to close the race.
                memory.writeShort(used + 4 + 8L * size, (short) lastAvailable);
                VarHandle.fullFence();
                availIdx = memory.readShort(available + 2) & 0xFFFF;
                if (availIdx == lastAvailable) {
                    return Optional.empty();
                }
            } else {
                return Optional.empty();
            }
        }
        if (((availIdx - lastAvailable) & 0xFFFF) > size) {
            throw new VirtqueueException("available index jumped by more than the queue size");
        }
        int head = memory.readShort(available + 4 + 2L * (lastAvailable % size)) & 0xFFFF;
        lastAvailable = (lastAvailable + 1) & 0xFFFF;
        return Optional.of(walk(head));
    }

    /**
     * The next available chains whose device-writable room together holds {@code bytes}, taken together, for
     * a frame spread over several buffers (virtio-net's mergeable receive buffers, virtio 1.x §5.1.6.4).
     * Empty, taking none, while the driver has posted too little (it is asked to notify once it posts more);
     * an empty list, taking none, when even every buffer the queue can hold would not do.
     */
    public synchronized Optional<List<DescriptorChain>> nextHolding(long bytes) throws VirtqueueException {
        if (!ready) {
            return Optional.empty();
        }
        while (true) {
            int availIdx = memory.readShort(available + 2) & 0xFFFF;
            VarHandle.acquireFence();
            int posted = (availIdx - lastAvailable) & 0xFFFF;
            if (posted > size) {
                throw new VirtqueueException("available index jumped by more than the queue size");
            }
            List<DescriptorChain> chains = new ArrayList<>();
            long room = 0;
            for (int i = 0; i < posted && room < bytes; i++) {
                int slot = ((lastAvailable + i) & 0xFFFF) % size;
                DescriptorChain chain = walk(memory.readShort(available + 4 + 2L * slot) & 0xFFFF);
                chains.add(chain);
                room += chain.writableLength();
            }
            if (room >= bytes) {
                lastAvailable = (lastAvailable + chains.size()) & 0xFFFF;
                return Optional.of(chains);
            }
            if (posted == size) {
                return Optional.of(List.of());
            }
            if (!eventIndex) {
                return Optional.empty();
            }
            memory.writeShort(used + 4 + 8L * size, (short) availIdx);
            VarHandle.fullFence();
            if ((memory.readShort(available + 2) & 0xFFFF) == availIdx) {
                return Optional.empty();
            }
        }
    }

    /**
     * The chain at descriptor {@code head} that a device took before the machine was saved and still holds:
     * walked and checked again, since the descriptors come from a saved machine's RAM.
     */
    public synchronized DescriptorChain retake(int head) throws VirtqueueException {
        if (!ready) {
            throw new VirtqueueException("a held buffer on a queue that is not ready");
        }
        return walk(head);
    }

    private DescriptorChain walk(int head) throws VirtqueueException {
        if (head >= size) {
            throw new VirtqueueException("descriptor index " + head + " out of range");
        }
        List<DescriptorChain.Segment> readable = new ArrayList<>(), writable = new ArrayList<>();
        long table = descriptors;
        int tableSize = size;
        int i = head, steps = 0;
        boolean indirect = false;
        long total = 0;
        while (true) {
            if (++steps > tableSize) {
                throw new VirtqueueException("descriptor chain loops or exceeds the table");
            }
            long d = table + 16L * i;
            long addr = memory.readLong(d);
            int len = memory.readInt(d + 8);
            int flags = memory.readShort(d + 12) & 0xFFFF;
            int next = memory.readShort(d + 14) & 0xFFFF;
            if ((flags & DESC_INDIRECT) != 0) {
                if (indirect || (flags & DESC_NEXT) != 0 || len % 16 != 0 || len == 0) {
                    throw new VirtqueueException("malformed indirect descriptor");
                }
                if (!memory.contains(addr, len)) {
                    throw new VirtqueueException("indirect table outside guest RAM");
                }
                if (len / 16 > MAX_INDIRECT_DESCRIPTORS) {
                    throw new VirtqueueException("indirect table of " + len / 16 + " descriptors; at most "
                            + MAX_INDIRECT_DESCRIPTORS + " are accepted");
                }
                indirect = true;
                table = addr;
                tableSize = len / 16;
                i = 0;
                steps = 0;
                continue;
            }
            if (len < 0 || !memory.contains(addr, len)) {
                throw new VirtqueueException("buffer 0x%x+%d outside guest RAM".formatted(addr, len & 0xFFFFFFFFL));
            }
            total += len;
            if (total > MAX_CHAIN_BYTES) {
                throw new VirtqueueException("descriptor chain larger than " + (MAX_CHAIN_BYTES >> 20) + " MiB");
            }
            if ((flags & DESC_WRITE) != 0) {
                writable.add(new DescriptorChain.Segment(addr, len));
            } else if (!writable.isEmpty()) {
                throw new VirtqueueException("a readable buffer follows a writable one");
            } else {
                readable.add(new DescriptorChain.Segment(addr, len));
            }
            if ((flags & DESC_NEXT) == 0) {
                break;
            }
            if (next >= tableSize) {
                throw new VirtqueueException("next descriptor " + next + " out of range");
            }
            i = next;
        }
        return new DescriptorChain(head, List.copyOf(readable), List.copyOf(writable));
    }

    /**
     * Returns a chain to the driver with {@code written} bytes filled in; true if the driver wants an
     * interrupt for it (event index, or no suppression).
     */
    public synchronized boolean complete(DescriptorChain chain, int written) {
        if (!ready) {
            return false;
        }
        try {
            int old = usedIndex;
            put(chain, written);
            return publish(old);
        } catch (GuestMemoryException e) {
            return false;
        }
    }

    /**
     * Returns chains to the driver at once, {@code written[i]} bytes in the i-th: the driver sees all of them
     * or none, which a frame spread over several buffers needs. True if the driver wants an interrupt.
     */
    public synchronized boolean completeAll(List<DescriptorChain> chains, int[] written) {
        if (!ready) {
            return false;
        }
        try {
            int old = usedIndex;
            for (int i = 0; i < chains.size(); i++) {
                put(chains.get(i), written[i]);
            }
            return publish(old);
        } catch (GuestMemoryException e) {
            return false;
        }
    }

    /** Writes a used element, not yet visible to the driver. */
    private void put(DescriptorChain chain, int written) {
        long element = used + 4 + 8L * (usedIndex % size);
        memory.writeInt(element, chain.head());
        memory.writeInt(element + 4, written);
        usedIndex = (usedIndex + 1) & 0xFFFF;
    }

    /** Makes the elements put since {@code old} visible; true if the driver wants an interrupt for them. */
    private boolean publish(int old) {
        VarHandle.releaseFence();
        memory.writeShort(used + 2, (short) usedIndex);
        VarHandle.fullFence();
        if (eventIndex) {
            int usedEvent = memory.readShort(available + 4 + 2L * size) & 0xFFFF;
            return ((usedIndex - usedEvent - 1) & 0xFFFF) < ((usedIndex - old) & 0xFFFF);
        }
        return (memory.readShort(available) & 1) == 0;
    }
}
