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
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A qcow2 image as a disk. Allocating writes go in crash-safe order: refcount raised (written through),
 * data written, and only at {@link #flush} — after a force — the L2 tables, then (after another force)
 * the L1 entries; clusters released by overwrites are freed last. A crash at any point leaves at worst
 * leaked clusters, and everything acknowledged before a flush survives it.
 */
public final class Qcow2Image implements DiskImage {
    /** Dirty L2 tables held before a write-back is forced, bounding memory between guest flushes. */
    private static final long MAX_DIRTY_BYTES = 8L << 20;
    /** Largest contiguous run allocated for one write, so a huge write does not need a huge free extent. */
    private static final int MAX_RUN_BYTES = 4 << 20;

    private final Path path;
    private final String name;
    private final FileChannel ch;
    private final boolean readOnly;
    private final DiskImage backing;
    private final ReentrantLock lock = new ReentrantLock();
    private final int clusterBits;
    private final int clusterSize;
    private final int l2Bits;
    private final boolean zeroFlags;
    private final L2Tables l2;
    private final CompressedClusters compressed;
    private final Refcounts refcounts;
    private final BitSet dirtyL1 = new BitSet();
    private final List<long[]> pendingFrees = new ArrayList<>();
    private Qcow2Header header;
    private long[] l1;

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
        this.l2Bits = clusterBits - 3;
        this.zeroFlags = header.version() >= 3;
        this.l2 = new L2Tables(ch, name, clusterSize);
        this.compressed = new CompressedClusters(ch, name, clusterSize);
        this.refcounts = readOnly ? null : new Refcounts(ch, name, header);
        this.l1 = readL1(header);
    }

    /** Opens {@code path}; its backing file, if any, is opened through {@code resolver}. */
    public static Qcow2Image open(Path path, boolean readOnly, BackingResolver resolver) throws IOException {
        FileChannel ch = ChannelIo.openImage(path, readOnly);
        DiskImage backing = null;
        try {
            Qcow2Header header = readHeader(ch, path.toString());
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

    static Qcow2Header readHeader(FileChannel ch, String name) throws IOException {
        long fileSize = ch.size();
        int probe = (int) Math.min(fileSize, 1 << Qcow2Header.MAX_CLUSTER_BITS);
        ByteBuffer buf = ByteBuffer.allocate(Math.max(probe, 0));
        ChannelIo.readFully(ch, buf, 0, name + ": header");
        buf.flip();
        if (buf.remaining() >= 24) {
            int bits = buf.getInt(20);
            if (bits >= Qcow2Header.MIN_CLUSTER_BITS && bits <= Qcow2Header.MAX_CLUSTER_BITS) {
                buf.limit(Math.min(buf.limit(), 1 << bits));
            }
        }
        return Qcow2Header.parse(buf, fileSize, name);
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

    private long[] readL1(Qcow2Header h) throws IOException {
        long[] table = new long[h.l1Size()];
        if (table.length > 0) {
            ByteBuffer buf = ByteBuffer.allocate(table.length * 8).order(ByteOrder.BIG_ENDIAN);
            ChannelIo.readFully(ch, buf, h.l1TableOffset(), name + ": L1 table");
            buf.flip().asLongBuffer().get(table);
        }
        return table;
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
            long bytes = 0;
            for (long l1Entry : l1) {
                long tableOffset = l1Entry & L2Entry.OFFSET_MASK;
                if (tableOffset == 0) {
                    continue;
                }
                for (long raw : l2.get(tableOffset)) {
                    L2Entry e = L2Entry.decode(raw, clusterBits, zeroFlags);
                    if (e.kind() == L2Entry.Kind.NORMAL) {
                        bytes += clusterSize;
                    } else if (e.kind() == L2Entry.Kind.COMPRESSED) {
                        bytes += e.compressedLength();
                    }
                }
            }
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    // ---- lookup

    private long[] l2TableFor(long vcluster, boolean create) throws IOException {
        int l1Index = (int) (vcluster >>> l2Bits);
        long tableOffset = l1[l1Index] & L2Entry.OFFSET_MASK;
        if (tableOffset != 0) {
            return l2.get(tableOffset);
        }
        if (!create) {
            return null;
        }
        long offset = refcounts.allocate(1) << clusterBits;
        long[] table = l2.createEmpty(offset);
        l1[l1Index] = offset | L2Entry.COPIED;
        dirtyL1.set(l1Index);
        return table;
    }

    private L2Entry entry(long vcluster) throws IOException {
        long[] table = l2TableFor(vcluster, false);
        long raw = table == null ? 0 : table[(int) (vcluster & ((1L << l2Bits) - 1))];
        return L2Entry.decode(raw, clusterBits, zeroFlags);
    }

    @Override
    public Allocation allocation(long offset) throws IOException {
        lock.lock();
        try {
            Bounds.check(offset, 1, size());
            long vcluster = offset >>> clusterBits;
            Allocation.Kind kind = kindOf(entry(vcluster));
            long end = (vcluster + 1) << clusterBits;
            long tableEnd = ((vcluster >>> l2Bits) + 1) << (l2Bits + clusterBits);
            while (end < size() && end < tableEnd && kindOf(entry(end >>> clusterBits)) == kind) {
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
            long pos = offset;
            while (dst.hasRemaining()) {
                int inCluster = (int) (pos & (clusterSize - 1));
                L2Entry e = entry(pos >>> clusterBits);
                int n = Math.min(clusterSize - inCluster, dst.remaining());
                n += similarClustersAfter(pos >>> clusterBits, e, (dst.remaining() - n) >>> clusterBits) << clusterBits;
                readCluster(pos, e, dst.slice(dst.position(), n));
                dst.position(dst.position() + n);
                pos += n;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many whole clusters after {@code vcluster} read the same way as {@code first} does (holes, zeros,
     * or data contiguous on the host), so a sequential read becomes one call instead of one per cluster.
     */
    private int similarClustersAfter(long vcluster, L2Entry first, int max) throws IOException {
        if (first.kind() == L2Entry.Kind.COMPRESSED) {
            return 0;
        }
        int limit = Math.min(max, MAX_RUN_BYTES >>> clusterBits);
        int n = 0;
        while (n < limit) {
            L2Entry next = entry(vcluster + n + 1);
            boolean similar = next.kind() == first.kind() && (first.kind() != L2Entry.Kind.NORMAL
                    || next.hostOffset() == first.hostOffset() + ((long) (n + 1) << clusterBits));
            if (!similar) {
                break;
            }
            n++;
        }
        return n;
    }

    /** Fills {@code dst} with the virtual contents at {@code pos}, all stored the way entry {@code e} says. */
    private void readCluster(long pos, L2Entry e, ByteBuffer dst) throws IOException {
        int inCluster = (int) (pos & (clusterSize - 1));
        switch (e.kind()) {
            case UNALLOCATED -> readBacking(pos, dst);
            case ZERO -> ChannelIo.fillZero(dst);
            case NORMAL -> {
                checkHostCluster(e.hostOffset());
                ChannelIo.readOrZero(ch, dst, e.hostOffset() + inCluster);
            }
            case COMPRESSED -> dst.put(compressed.read(e), inCluster, dst.remaining());
        }
    }

    private void checkHostCluster(long host) throws IOException {
        if (host >= ch.size()) {
            throw new ImageException(name + ": data cluster at offset " + host + " lies past the end of the file");
        }
    }

    private void readBacking(long pos, ByteBuffer dst) throws IOException {
        if (backing == null || pos >= backing.size()) {
            ChannelIo.fillZero(dst);
            return;
        }
        int fromBacking = (int) Math.min(dst.remaining(), backing.size() - pos);
        int limit = dst.limit();
        dst.limit(dst.position() + fromBacking);
        backing.read(pos, dst);
        dst.limit(limit);
        ChannelIo.fillZero(dst);
    }

    // ---- writes

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        lock.lock();
        try {
            requireWritable();
            Bounds.check(offset, src.remaining(), size());
            long pos = offset;
            while (src.hasRemaining()) {
                int inCluster = (int) (pos & (clusterSize - 1));
                int n = Math.min(clusterSize - inCluster, src.remaining());
                int fresh = inCluster == 0 ? freshClusterRun(pos >>> clusterBits, src.remaining() >>> clusterBits) : 0;
                if (fresh > 1) {
                    n = fresh << clusterBits;
                    writeFreshRun(pos >>> clusterBits, fresh, src.slice(src.position(), n));
                } else {
                    writeCluster(pos, src.slice(src.position(), n));
                }
                src.position(src.position() + n);
                pos += n;
            }
            writeBackIfTooDirty();
        } finally {
            lock.unlock();
        }
    }

    /** How many of the next {@code max} whole clusters hold nothing to keep or free (capped per write). */
    private int freshClusterRun(long vcluster, int max) throws IOException {
        int limit = Math.min(max, MAX_RUN_BYTES >>> clusterBits);
        int n = 0;
        while (n < limit) {
            L2Entry e = entry(vcluster + n);
            boolean fresh = e.kind() == L2Entry.Kind.UNALLOCATED
                    || (e.kind() == L2Entry.Kind.ZERO && e.hostOffset() == 0);
            if (!fresh) {
                break;
            }
            n++;
        }
        return n;
    }

    /** Whole fresh clusters get one contiguous host run: one refcount write and one data write. */
    private void writeFreshRun(long vcluster, int count, ByteBuffer data) throws IOException {
        for (int i = 0; i < count; i++) {
            l2TableFor(vcluster + i, true);
        }
        long host = refcounts.allocate(count) << clusterBits;
        ChannelIo.writeFully(ch, data, host);
        for (int i = 0; i < count; i++) {
            setEntry(vcluster + i, (host + ((long) i << clusterBits)) | L2Entry.COPIED);
        }
    }

    private void writeCluster(long pos, ByteBuffer data) throws IOException {
        long vcluster = pos >>> clusterBits;
        int inCluster = (int) (pos & (clusterSize - 1));
        L2Entry e = entry(vcluster);
        if (e.kind() == L2Entry.Kind.NORMAL) {
            checkHostCluster(e.hostOffset());
            ChannelIo.writeFully(ch, data, e.hostOffset() + inCluster);
            return;
        }
        ByteBuffer whole;
        if (data.remaining() == clusterSize) {
            whole = data;
        } else {
            whole = ByteBuffer.allocate(clusterSize);
            long clusterStart = vcluster << clusterBits;
            int valid = (int) Math.min(clusterSize, size() - clusterStart);
            readCluster(clusterStart, e, whole.limit(valid));
            whole.limit(clusterSize).position(inCluster);
            whole.put(data).clear();
        }
        long host = e.kind() == L2Entry.Kind.ZERO && e.hostOffset() != 0
                ? e.hostOffset()
                : refcounts.allocate(1) << clusterBits;
        ChannelIo.writeFully(ch, whole, host);
        setEntry(vcluster, host | L2Entry.COPIED);
        if (e.kind() == L2Entry.Kind.COMPRESSED) {
            compressed.forget();
            releaseLater(e);
        }
    }

    private void setEntry(long vcluster, long raw) throws IOException {
        long[] table = l2TableFor(vcluster, true);
        table[(int) (vcluster & ((1L << l2Bits) - 1))] = raw;
        l2.markDirty(l1[(int) (vcluster >>> l2Bits)] & L2Entry.OFFSET_MASK, table);
    }

    /** Clusters an entry held are freed only after the entry's replacement is durable (see flush). */
    private void releaseLater(L2Entry old) {
        switch (old.kind()) {
            case NORMAL -> pendingFrees.add(new long[] {old.hostOffset(), old.hostOffset() + 1});
            case ZERO -> {
                if (old.hostOffset() != 0) {
                    pendingFrees.add(new long[] {old.hostOffset(), old.hostOffset() + 1});
                }
            }
            case COMPRESSED -> pendingFrees.add(new long[] {old.compressedRangeStart(), old.compressedRangeEnd()});
            case UNALLOCATED -> { }
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
            long pos = offset;
            long end = offset + length;
            while (pos < end) {
                long vcluster = pos >>> clusterBits;
                long clusterStart = vcluster << clusterBits;
                long clusterEnd = Math.min(clusterStart + clusterSize, size());
                long n = Math.min(clusterEnd, end) - pos;
                zeroCluster(vcluster, pos == clusterStart && pos + n == clusterEnd, pos, (int) n);
                pos += n;
            }
            writeBackIfTooDirty();
        } finally {
            lock.unlock();
        }
    }

    private void zeroCluster(long vcluster, boolean whole, long pos, int n) throws IOException {
        L2Entry e = entry(vcluster);
        boolean readsZero = e.kind() == L2Entry.Kind.ZERO
                || (e.kind() == L2Entry.Kind.UNALLOCATED && backing == null);
        if (readsZero) {
            return;
        }
        if (!whole || (!zeroFlags && backing != null)) {
            writeCluster(pos, ByteBuffer.allocate(n));
            return;
        }
        setEntry(vcluster, backing == null ? 0 : L2Entry.ZERO_FLAG);
        if (e.kind() == L2Entry.Kind.COMPRESSED) {
            compressed.forget();
        }
        releaseLater(e);
    }

    private void writeBackIfTooDirty() throws IOException {
        if ((long) l2.dirtyCount() * clusterSize > MAX_DIRTY_BYTES || pendingFrees.size() > 4096) {
            writeBack();
        }
    }

    @Override
    public void flush() throws IOException {
        lock.lock();
        try {
            if (!readOnly) {
                writeBack();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Data and refcounts, then L2 tables, then L1 entries, each made durable before the next is written. */
    private void writeBack() throws IOException {
        ch.force(false);
        if (l2.dirtyCount() == 0 && dirtyL1.isEmpty() && pendingFrees.isEmpty()) {
            return;
        }
        l2.writeBack();
        ch.force(false);
        if (!dirtyL1.isEmpty()) {
            ByteBuffer e = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
            for (int i = dirtyL1.nextSetBit(0); i >= 0; i = dirtyL1.nextSetBit(i + 1)) {
                ChannelIo.writeFully(ch, e.clear().putLong(0, l1[i]), header.l1TableOffset() + i * 8L);
            }
            dirtyL1.clear();
            ch.force(false);
        }
        for (long[] range : pendingFrees) {
            for (long c = range[0] >>> clusterBits; c <= (range[1] - 1) >>> clusterBits; c++) {
                refcounts.decrement(c);
            }
        }
        pendingFrees.clear();
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
            writeBack();
            if (needed <= l1.length) {
                writeHeaderSizeFields(header.withSizeAndL1(rounded, header.l1Size(), header.l1TableOffset()));
                return;
            }
            int clusters = (int) Math.ceilDiv(needed * 8, clusterSize);
            long newOffset = refcounts.allocate(clusters) << clusterBits;
            long[] bigger = new long[(int) needed];
            System.arraycopy(l1, 0, bigger, 0, l1.length);
            ByteBuffer buf = ByteBuffer.allocate(clusters * clusterSize).order(ByteOrder.BIG_ENDIAN);
            buf.asLongBuffer().put(bigger);
            ChannelIo.writeFully(ch, buf, newOffset);
            ch.force(false);
            long oldOffset = header.l1TableOffset();
            long oldClusters = Math.ceilDiv((long) l1.length * 8, clusterSize);
            writeHeaderSizeFields(header.withSizeAndL1(rounded, bigger.length, newOffset));
            l1 = bigger;
            for (long c = 0; c < oldClusters; c++) {
                refcounts.decrement((oldOffset >>> clusterBits) + c);
            }
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
            writeBack();
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
                writeBack();
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
