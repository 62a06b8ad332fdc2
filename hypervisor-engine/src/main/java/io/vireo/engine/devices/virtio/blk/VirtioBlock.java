package io.vireo.engine.devices.virtio.blk;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.devices.virtio.QueueWorker;
import io.vireo.engine.devices.virtio.VirtQueue;
import io.vireo.engine.devices.virtio.VirtioDevice;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.storage.BlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A virtio block device over a {@link BlockDevice}. Requests are served by the disk's own I/O thread,
 * so a slow disk never holds up a hart: a notification only wakes that thread. Each chain is parsed
 * into a checked {@link BlockRequest} first; this class only executes what that let through.
 *
 * <p>The disk can be replaced under a running guest ({@link #replaceDisk}): each request holds a read
 * lock from parse to status, the replacement holds the write lock, so a request runs wholly on the old
 * disk or wholly on the new one and none fails for it; requests arriving meanwhile simply wait.
 */
public final class VirtioBlock implements VirtioDevice {
    /** Swaps the device's disk; runs while no request is in flight and none can start. */
    @FunctionalInterface
    public interface DiskReplacement {
        /** Returns the disk to serve from now on; {@code detached} is the one served so far. */
        BlockDevice replace(BlockDevice detached) throws IOException;
    }

    private static final long F_SEG_MAX = 1L << 2, F_RO = 1L << 5, F_BLK_SIZE = 1L << 6, F_FLUSH = 1L << 9,
            F_DISCARD = 1L << 13, F_WRITE_ZEROES = 1L << 14;
    private static final int SEG_MAX = 126;

    private final GuestMemory memory;
    private final ReentrantReadWriteLock attachment = new ReentrantReadWriteLock();
    /** Guarded by {@link #attachment}: read for a request, write for a replacement. */
    private BlockDevice disk;
    /** Fixed for the device's life: the guest read them once from the configuration space. */
    private final long size;
    private final boolean readOnly;
    private final String serial;
    private volatile QueueWorker worker;

    /** @param serial what GET_ID reports (truncated to the 20 bytes virtio allows) */
    public VirtioBlock(GuestMemory memory, BlockDevice disk, String serial) {
        this.memory = memory;
        this.disk = disk;
        this.size = disk.size();
        this.readOnly = disk.readOnly();
        this.serial = serial;
    }

    /**
     * Replaces the disk between two requests: waits for the one in flight to finish, then lets
     * {@code replacement} detach the old disk and return the new one while later requests wait. The new
     * disk must look the same to the guest (size, read-only), which read them once at start-up; if
     * {@code replacement} throws, the device keeps the disk object it had.
     */
    public void replaceDisk(DiskReplacement replacement) throws IOException {
        attachment.writeLock().lock();
        try {
            disk = replacement.replace(disk);
        } finally {
            attachment.writeLock().unlock();
        }
    }

    @Override
    public int deviceId() {
        return 2;
    }

    @Override
    public long features() {
        long f = F_SEG_MAX | F_BLK_SIZE | F_FLUSH | F_DISCARD | F_WRITE_ZEROES;
        return readOnly ? f | F_RO : f;
    }

    @Override
    public int queueCount() {
        return 1;
    }

    @Override
    public long readConfig(int offset, int width) {
        ByteBuffer c = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        c.putLong(0, size / BlockRequest.SECTOR);
        c.putInt(12, SEG_MAX);
        c.putInt(20, BlockRequest.SECTOR);
        c.putShort(34, (short) 1);
        c.putInt(36, BlockRequest.MAX_RANGE_SECTORS);
        c.putInt(40, 1);
        c.putInt(44, 1);
        c.putInt(48, BlockRequest.MAX_RANGE_SECTORS);
        c.putInt(52, 1);
        c.put(56, (byte) 1);
        return VirtioDevice.readField(c, offset, width);
    }

    @Override
    public synchronized void activate(VirtQueue[] queues, DeviceHost host) {
        worker = QueueWorker.start("virtio-blk-" + serial, queues[0], host, this::handle);
    }

    @Override
    public void queueNotify(int index) {
        QueueWorker w = worker;
        if (w != null) {
            w.wake();
        }
    }

    @Override
    public synchronized void reset() {
        QueueWorker w = worker;
        worker = null;
        if (w != null) {
            w.stop();
        }
    }

    /** Serves one request; returns how many bytes it wrote into the chain (data plus status). */
    private int handle(DescriptorChain chain) {
        attachment.readLock().lock();
        try {
            return handleAttached(chain);
        } finally {
            attachment.readLock().unlock();
        }
    }

    private int handleAttached(DescriptorChain chain) {
        BlockRequest r;
        try {
            r = BlockRequest.parse(memory, chain, disk);
        } catch (BlockRequest.Refused e) {
            return chain.writableLength() > 0 ? status(chain, e.status) : 0;
        }
        try {
            return switch (r.type()) {
                case IN -> read(r);
                case OUT -> write(r);
                case FLUSH -> {
                    disk.flush();
                    yield status(chain, BlockRequest.STATUS_OK);
                }
                case GET_ID -> {
                    byte[] id = Arrays.copyOf(serial.getBytes(StandardCharsets.US_ASCII), BlockRequest.ID_BYTES);
                    yield chain.write(memory, 0, id, (int) r.length()) + status(chain, BlockRequest.STATUS_OK);
                }
                case DISCARD, WRITE_ZEROES -> ranges(r);
            };
        } catch (IOException | IllegalArgumentException e) {
            return status(chain, BlockRequest.STATUS_IOERR);
        }
    }

    private int read(BlockRequest r) throws IOException {
        long offset = r.offset();
        for (ByteBuffer view : DescriptorChain.views(memory, r.chain().writable(), 0, r.length())) {
            int n = view.remaining();
            disk.read(offset, view);
            offset += n;
        }
        for (DescriptorChain.Segment s : r.chain().writable()) {
            memory.markWritten(s.address(), s.length());
        }
        return (int) r.length() + status(r.chain(), BlockRequest.STATUS_OK);
    }

    private int write(BlockRequest r) throws IOException {
        long offset = r.offset();
        for (ByteBuffer view : DescriptorChain.views(memory, r.chain().readable(), BlockRequest.HEADER, r.length())) {
            int n = view.remaining();
            disk.write(offset, view);
            offset += n;
        }
        return status(r.chain(), BlockRequest.STATUS_OK);
    }

    private int ranges(BlockRequest r) throws IOException {
        for (BlockRequest.Range range : r.ranges()) {
            if (r.type() == BlockRequest.Type.DISCARD) {
                disk.discard(range.offset(), range.length());
            } else {
                disk.writeZeroes(range.offset(), range.length());
            }
        }
        return status(r.chain(), BlockRequest.STATUS_OK);
    }

    /** Writes the status byte (the chain's last writable byte); returns 1, the bytes it adds. */
    private int status(DescriptorChain chain, int status) {
        chain.write(memory, chain.writableLength() - 1, new byte[] {(byte) status}, 1);
        return 1;
    }
}
