package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.Allocation;
import io.vireo.engine.storage.Bounds;
import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A qcow2 image as a disk: guest reads and writes, one at a time, through the {@link ClusterMap}.
 * Allocating writes take clusters from the {@link ClusterAllocator} (refcount raised and written
 * through), write their data, and change the map only in memory; the {@link OrderedWriteBack} makes
 * the map durable at {@link #flush} in crash-safe order, so a crash at any point leaves at worst leaked
 * clusters, and everything acknowledged before a flush survives it.
 */
public final class Qcow2Image implements DiskImage {
    private final Path path;
    private final String name;
    private final FileChannel ch;
    private final boolean readOnly;
    private final DiskImage backing;
    private final ReentrantLock lock = new ReentrantLock();
    private final int clusterBits;
    private final int clusterSize;
    private final L1Table l1;
    private final ClusterMap map;
    private final ClusterReader reader;
    // Null when read-only: such an image never writes, allocates or writes back.
    private final ClusterWriter writer;
    private final ClusterAllocator allocator;
    private final OrderedWriteBack writeBack;
    private Qcow2Header header;

    private Qcow2Image(Path path, FileChannel ch, boolean readOnly, Qcow2Header header, DiskImage backing)
            throws IOException {
        this.path = path;
        this.name = path.toString();
        this.ch = ch;
        this.readOnly = readOnly;
        this.header = header;
        this.backing = backing;
        this.clusterBits = header.clusterBits();
        this.clusterSize = header.clusterSize();
        CompressedClusters compressed = new CompressedClusters(ch, name, clusterSize);
        L2Tables l2 = new L2Tables(ch, name, clusterSize);
        this.l1 = L1Table.read(ch, name, header);
        this.allocator = readOnly ? null : new ClusterAllocator(Refcounts.forWriting(ch, name, header), clusterBits);
        this.map = new ClusterMap(l1, l2, allocator, header);
        this.reader = new ClusterReader(ch, name, map, compressed, backing, clusterBits);
        this.writer = readOnly ? null : new ClusterWriter(ch, map, allocator, reader, compressed, backing != null, header);
        this.writeBack = readOnly ? null : new OrderedWriteBack(ch, l2, l1, allocator, clusterSize);
    }

    /** Opens {@code path}; its backing file, if any, is opened through {@code resolver}. */
    public static Qcow2Image open(Path path, boolean readOnly, BackingResolver resolver) throws IOException {
        FileChannel ch = ChannelIo.openImage(path, readOnly);
        DiskImage backing = null;
        try {
            Qcow2Header header = Qcow2Header.read(ch, path.toString());
            if (!readOnly) {
                refuseWritable(header, path);
                header = clearAutoclear(ch, header);
            }
            if (header.backingFile().isPresent()) {
                Optional<ImageFormat> fmt = header.backingFormat().isPresent()
                        ? Optional.of(ImageFormat.parse(header.backingFormat().get()))
                        : Optional.empty();
                backing = resolver.open(header.backingFile().get(), fmt);
            }
            return new Qcow2Image(path, ch, readOnly, header, backing);
        } catch (IOException | RuntimeException e) {
            if (backing != null) {
                backing.close();
            }
            ch.close();
            throw e;
        }
    }

    private static void refuseWritable(Qcow2Header header, Path path) throws ImageException {
        if (header.corrupt()) {
            throw new ImageException(path + " is marked corrupt; open it read-only or repair it with"
                    + " 'qemu-img check -r all'");
        }
        if (header.dirty()) {
            throw new ImageException(path + " has the dirty flag set (lazy refcounts were not written back);"
                    + " repair it with 'qemu-img check -r all' before writing");
        }
        if (header.nbSnapshots() > 0) {
            throw new ImageException(path + " contains internal snapshots; writing to such images is not supported");
        }
        if (header.refcountOrder() > 6) {
            throw new ImageException(path + ": unsupported refcount width");
        }
    }

    private static Qcow2Header clearAutoclear(FileChannel ch, Qcow2Header header) throws IOException {
        if (header.autoclearFeatures() == 0 || header.version() < 3) {
            return header;
        }
        ChannelIo.writeFully(ch, ByteBuffer.allocate(8), 88);
        ch.force(false);
        return header.withAutoclearCleared();
    }

    public Qcow2Header header() {
        return header;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.QCOW2;
    }

    @Override
    public Optional<DiskImage> backing() {
        return Optional.ofNullable(backing);
    }

    @Override
    public long size() {
        return header.size();
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /** Guest data this image holds itself: allocated clusters plus compressed streams, from the L2 tables. */
    @Override
    public long storedBytes() throws IOException {
        lock.lock();
        try {
            return map.storedBytes();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Allocation allocation(long offset) throws IOException {
        lock.lock();
        try {
            Bounds.check(offset, 1, size());
            long vcluster = offset >>> clusterBits;
            Allocation.Kind kind = kindOf(map.entry(vcluster));
            long end = (vcluster + 1) << clusterBits;
            long tableEnd = map.tableEnd(vcluster) << clusterBits;
            while (end < size() && end < tableEnd && kindOf(map.entry(end >>> clusterBits)) == kind) {
                end += clusterSize;
            }
            return new Allocation(kind, Math.min(end, size()) - offset);
        } finally {
            lock.unlock();
        }
    }

    private static Allocation.Kind kindOf(L2Entry e) {
        return switch (e.kind()) {
            case UNALLOCATED -> Allocation.Kind.BACKING;
            case ZERO -> Allocation.Kind.ZERO;
            case NORMAL, COMPRESSED -> Allocation.Kind.DATA;
        };
    }

    // ---- reads

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        lock.lock();
        try {
            Bounds.check(offset, dst.remaining(), size());
            reader.read(offset, dst);
        } finally {
            lock.unlock();
        }
    }

    // ---- writes

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        lock.lock();
        try {
            requireWritable();
            Bounds.check(offset, src.remaining(), size());
            writer.write(offset, src, size());
            writeBack.runIfTooDirty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        writeZeroes(offset, length);
    }

    @Override
    public void writeZeroes(long offset, long length) throws IOException {
        lock.lock();
        try {
            requireWritable();
            Bounds.check(offset, length, size());
            writer.writeZeroes(offset, length, size());
            writeBack.runIfTooDirty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() throws IOException {
        lock.lock();
        try {
            if (!readOnly) {
                writeBack.run();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- resize

    @Override
    public void grow(long newSize) throws IOException {
        lock.lock();
        try {
            requireWritable();
            long rounded = Bounds.roundUp(newSize, 512);
            if (rounded < size()) {
                throw new ImageException(name + ": shrinking a disk is not supported (" + size() + " -> " + rounded + ")");
            }
            long needed = Qcow2Header.l1EntriesFor(rounded, clusterBits);
            if (needed * 8 > Qcow2Header.MAX_L1_BYTES) {
                throw new ImageException(name + ": " + rounded + " bytes is too large for this image's cluster size");
            }
            writeBack.run();
            if (needed <= l1.size()) {
                writeHeaderSizeFields(header.withSizeAndL1(rounded, header.l1Size(), header.l1TableOffset()));
                return;
            }
            // The bigger table is durable before the header names it, and the old one is freed after.
            int clusters = (int) Math.ceilDiv(needed * 8, clusterSize);
            long newOffset = allocator.allocate(clusters);
            l1.writeCopy((int) needed, newOffset, clusters, clusterSize);
            long oldOffset = header.l1TableOffset();
            long oldClusters = Math.ceilDiv((long) l1.size() * 8, clusterSize);
            writeHeaderSizeFields(header.withSizeAndL1(rounded, (int) needed, newOffset));
            l1.moveTo((int) needed, newOffset);
            allocator.free(oldOffset, oldClusters);
        } finally {
            lock.unlock();
        }
    }

    /** Size, L1 size and L1 offset sit within bytes 24-47: one small write switches them together. */
    private void writeHeaderSizeFields(Qcow2Header h) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        b.putLong(0, h.size()).putInt(8, 0).putInt(12, h.l1Size()).putLong(16, h.l1TableOffset());
        ChannelIo.writeFully(ch, b, Qcow2Header.OFFSET_SIZE);
        ch.force(false);
        header = h;
    }

    /** Points the image at another backing file (or none). The caller has made the contents match. */
    public void setBacking(Optional<String> backingName, Optional<ImageFormat> backingFormat) throws IOException {
        lock.lock();
        try {
            requireWritable();
            writeBack.run();
            Qcow2Header h = header.withBacking(backingName, backingFormat.map(ImageFormat::qemuName));
            ChannelIo.writeFully(ch, h.encode(), 0);
            ch.force(false);
            header = h;
        } finally {
            lock.unlock();
        }
    }

    private void requireWritable() throws ImageException {
        if (readOnly) {
            throw new ImageException(name + " is open read-only");
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (!readOnly && ch.isOpen()) {
                writeBack.run();
            }
        } finally {
            lock.unlock();
            try {
                ch.close();
            } finally {
                if (backing != null) {
                    backing.close();
                }
            }
        }
    }
}
