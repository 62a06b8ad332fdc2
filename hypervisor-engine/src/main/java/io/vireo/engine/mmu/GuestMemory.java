package io.vireo.engine.mmu;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Guest RAM: one contiguous guest-physical range backed by an off-heap {@link MemorySegment}.
 *
 * <p>The segment comes from an anonymous {@code mmap} with {@code MAP_NORESERVE}, so pages the guest
 * never touches cost no host memory (that is what makes overcommit real), and {@link #release}
 * hands pages back to the host (balloon). Every access is bounds-checked by the segment itself, so a
 * hostile guest address ends as a {@link GuestMemoryException}, never as a JVM crash.
 * All multi-byte accesses are little-endian, as RISC-V is.
 */
public final class GuestMemory implements AutoCloseable {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long PAGE = 4096;

    private final long base;
    private final long size;
    private final Arena arena;
    private final MemorySegment ram;
    /** Mapped copy-on-write from a file, where discarding a page would bring the file's page back. */
    private final boolean fileBacked;
    private volatile WriteObserver observer = (offset, length) -> { };

    /** Told of every write that does not come from a hart's own stores (device DMA, loaders, the balloon). */
    @FunctionalInterface
    public interface WriteObserver {
        void written(long offset, long length);
    }

    public GuestMemory(long base, long size) {
        if (size <= 0 || (size & (PAGE - 1)) != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + size);
        }
        this.base = base;
        this.size = size;
        this.arena = Arena.ofShared();
        this.ram = HostMapping.anonymous(size, arena);
        this.fileBacked = false;
    }

    private GuestMemory(long base, long size, Arena arena, MemorySegment ram) {
        this.base = base;
        this.size = size;
        this.arena = arena;
        this.ram = ram;
        this.fileBacked = true;
    }

    /**
     * RAM whose contents are {@code file} (a saved machine's memory, exactly {@code size} bytes), mapped
     * copy-on-write: a page is read from the file when the guest first touches it and becomes the guest's
     * own once written, so the machine starts at once and the file never changes. The file's holes read as
     * zero and cost nothing. {@link #release} replaces released pages with fresh anonymous ones, since
     * discarding a copy-on-write page would bring the file's page back.
     */
    public static GuestMemory mapCopyOnWrite(long base, long size, Path file) throws IOException {
        long fileSize = Files.size(file);
        if (fileSize != size) {
            throw new IOException(file + " holds " + fileSize + " bytes, not the " + size + " of RAM");
        }
        Arena arena = Arena.ofShared();
        try {
            return new GuestMemory(base, size, arena, HostMapping.privateCopy(file, size, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public long base() {
        return base;
    }

    public long size() {
        return size;
    }

    public boolean contains(long address, long length) {
        long off = address - base;
        return off >= 0 && length >= 0 && off <= size - length;
    }

    /** The raw segment, for hot paths that have already range-checked (the MMU, DMA loops). */
    public MemorySegment segment() {
        return ram;
    }

    private long offset(long address, long length) {
        if (!contains(address, length)) {
            throw new GuestMemoryException(address, length);
        }
        return address - base;
    }

    public byte readByte(long address) {
        return ram.get(ValueLayout.JAVA_BYTE, offset(address, 1));
    }

    public short readShort(long address) {
        return ram.get(SHORT, offset(address, 2));
    }

    public int readInt(long address) {
        return ram.get(INT, offset(address, 4));
    }

    public long readLong(long address) {
        return ram.get(LONG, offset(address, 8));
    }

    public void setWriteObserver(WriteObserver observer) {
        this.observer = observer;
    }

    public void writeByte(long address, byte value) {
        long off = offset(address, 1);
        ram.set(ValueLayout.JAVA_BYTE, off, value);
        observer.written(off, 1);
    }

    public void writeShort(long address, short value) {
        long off = offset(address, 2);
        ram.set(SHORT, off, value);
        observer.written(off, 2);
    }

    public void writeInt(long address, int value) {
        long off = offset(address, 4);
        ram.set(INT, off, value);
        observer.written(off, 4);
    }

    public void writeLong(long address, long value) {
        long off = offset(address, 8);
        ram.set(LONG, off, value);
        observer.written(off, 8);
    }

    public void read(long address, byte[] dst, int dstOffset, int length) {
        MemorySegment.copy(ram, ValueLayout.JAVA_BYTE, offset(address, length), dst, dstOffset, length);
    }

    public void write(long address, byte[] src, int srcOffset, int length) {
        long off = offset(address, length);
        MemorySegment.copy(src, srcOffset, ram, ValueLayout.JAVA_BYTE, off, length);
        observer.written(off, length);
    }

    /** A device filled {@code [address, address+length)} through a {@link #slice} view. */
    public void markWritten(long address, long length) {
        observer.written(offset(address, length), length);
    }

    /**
     * A bounds-checked view of {@code [address, address+length)}, for zero-copy device I/O. A device
     * that writes through it calls {@link #markWritten} once the data is in place.
     */
    public MemorySegment slice(long address, long length) {
        return ram.asSlice(offset(address, length), length);
    }

    /** Gives whole pages inside the range back to the host; they read as zero afterwards. */
    public void release(long address, long length) {
        long start = (offset(address, length) + PAGE - 1) & ~(PAGE - 1);
        long end = (address - base + length) & ~(PAGE - 1);
        if (end > start) {
            if (fileBacked) {
                HostMapping.replace(ram, start, end - start);
            } else {
                HostMapping.discard(ram, start, end - start);
            }
            observer.written(start, end - start);
        }
    }

    /** Host memory this RAM holds right now (pages resident in the host), in bytes. */
    public long residentBytes() {
        return HostMapping.residentPages(ram, size) * PAGE;
    }

    @Override
    public void close() {
        arena.close();
    }
}
