package io.vireo.engine.devices.virtio.balloon;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.devices.virtio.VirtQueue;
import io.vireo.engine.devices.virtio.VirtioDevice;
import io.vireo.engine.devices.virtio.VirtqueueException;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.mmu.GuestMemoryException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * virtio-balloon (virtio 1.x §5.5): the host asks for a number of guest pages; the guest gives them
 * up on the inflate queue and the engine hands them back to the host, so they cost no host memory
 * until the guest deflates and touches them again. Guest memory statistics arrive on the stats queue.
 *
 * <p>Saved with a machine: the target, the count the guest reports and which stats buffer the device
 * holds. The inflated pages themselves need no list: they were handed back, so they read as zero, are
 * holes in the memory file and stay given away in a resumed machine's RAM; the guest keeps its own list.
 */
public final class VirtioBalloon implements VirtioDevice {
    private static final long F_STATS_VQ = 1L << 1;
    private static final int INFLATE = 0, DEFLATE = 1, STATS = 2;
    private static final int PAGE = 4096;
    private static final String[] STAT_NAMES = {"swap-in", "swap-out", "major-faults", "minor-faults",
        "free-memory", "total-memory", "available-memory", "disk-caches", "hugetlb-allocations", "hugetlb-failures"};

    private final GuestMemory memory;
    private volatile VirtQueue[] queues;
    private volatile DeviceHost host;
    private volatile int targetPages;
    private volatile int actualPages;
    private volatile Map<String, Long> lastStats = Map.of();
    private DescriptorChain heldStatsBuffer;

    public VirtioBalloon(GuestMemory memory) {
        this.memory = memory;
    }

    @Override
    public int deviceId() {
        return 5;
    }

    @Override
    public long features() {
        return F_STATS_VQ;
    }

    @Override
    public int queueCount() {
        return 3;
    }

    @Override
    public long readConfig(int offset, int width) {
        return switch (offset) {
            case 0 -> targetPages;
            case 4 -> actualPages;
            default -> 0;
        };
    }

    @Override
    public void writeConfig(int offset, int width, long value) {
        if (offset == 4 && width == 4) {
            actualPages = (int) value;
        }
    }

    /** Asks the guest to hold {@code pages} 4 KiB pages in the balloon (0 deflates it completely). */
    public void setTargetPages(int pages) {
        targetPages = Math.max(0, pages);
        DeviceHost h = host;
        if (h != null) {
            h.configChanged();
        }
    }

    /** Pages the guest was last asked to hold in the balloon. */
    public int targetPages() {
        return targetPages;
    }

    /** Pages the guest reports holding in the balloon. */
    public int actualPages() {
        return actualPages;
    }

    /** The guest's last reported statistics (bytes for memory figures), by name. */
    public Map<String, Long> statistics() {
        return lastStats;
    }

    /** Hands the held statistics buffer back so the guest refills it with fresh figures. */
    public synchronized void requestStatistics() {
        VirtQueue[] q = queues;
        if (q != null && heldStatsBuffer != null) {
            DescriptorChain chain = heldStatsBuffer;
            heldStatsBuffer = null;
            if (q[STATS].complete(chain, 0)) {
                host.usedBuffers(q[STATS]);
            }
        }
    }

    @Override
    public void activate(VirtQueue[] queues, DeviceHost host) {
        this.queues = queues;
        this.host = host;
    }

    @Override
    public synchronized void queueNotify(int index) {
        VirtQueue[] q = queues;
        if (q == null) {
            return;
        }
        q[index].serveAll(host, chain -> {
            if (index == STATS) {
                readStatistics(chain);
                heldStatsBuffer = chain;
                return VirtQueue.HELD;
            }
            if (index == INFLATE) {
                release(chain);
            }
            return 0;
        });
    }

    private void release(DescriptorChain chain) throws VirtqueueException {
        long length = chain.readableLength();
        if (length % 4 != 0 || length > 1 << 20) {
            throw new VirtqueueException("inflate buffer of " + length + " bytes");
        }
        byte[] raw = new byte[(int) length];
        chain.read(memory, 0, raw);
        ByteBuffer pfns = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        while (pfns.hasRemaining()) {
            long address = (pfns.getInt() & 0xFFFFFFFFL) * PAGE;
            try {
                memory.release(address, PAGE);
            } catch (GuestMemoryException e) {
                throw new VirtqueueException("inflated page 0x%x is not guest RAM".formatted(address));
            }
        }
    }

    private void readStatistics(DescriptorChain chain) {
        int length = (int) Math.min(chain.readableLength(), 64 * 10);
        byte[] raw = new byte[length - length % 10];
        chain.read(memory, 0, raw);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Long> stats = new LinkedHashMap<>();
        while (b.remaining() >= 10) {
            int tag = b.getShort() & 0xFFFF;
            long value = b.getLong();
            if (tag < STAT_NAMES.length) {
                stats.put(STAT_NAMES[tag], value);
            }
        }
        lastStats = Collections.unmodifiableMap(stats);
    }

    /** Fields: the target, the guest's count, the held stats buffer's head (-1 when none). */
    @Override
    public synchronized long[] quiesce() {
        long[] fields = {targetPages, actualPages, heldStatsBuffer == null ? -1 : heldStatsBuffer.head()};
        reset();
        return fields;
    }

    @Override
    public synchronized void restoreState(long[] fields, VirtQueue[] queues) {
        if (fields.length != 3) {
            throw new IllegalArgumentException(fields.length + " fields of balloon state, not 3");
        }
        long pages = memory.size() / PAGE;
        if (fields[0] < 0 || fields[0] > pages || fields[1] < 0 || fields[1] > pages) {
            throw new IllegalArgumentException("balloon of %d pages (target %d) in RAM of %d pages"
                    .formatted(fields[1], fields[0], pages));
        }
        DescriptorChain held = null;
        if (fields[2] != -1) {
            if (fields[2] < 0 || fields[2] > 0xFFFF) {
                throw new IllegalArgumentException("held stats buffer at descriptor " + fields[2]);
            }
            try {
                held = queues[STATS].retake((int) fields[2]);
            } catch (VirtqueueException | GuestMemoryException e) {
                throw new IllegalArgumentException("held stats buffer: " + e.getMessage());
            }
        }
        targetPages = (int) fields[0];
        actualPages = (int) fields[1];
        heldStatsBuffer = held;
    }

    @Override
    public synchronized void reset() {
        queues = null;
        heldStatsBuffer = null;
        actualPages = 0;
    }
}
