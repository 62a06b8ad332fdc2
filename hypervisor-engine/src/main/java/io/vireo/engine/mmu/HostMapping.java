package io.vireo.engine.mmu;

import io.vireo.engine.host.Libc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** Guest RAM's host memory through libc's mmap/madvise: anonymous and lazily committed, or a file's private copy. */
final class HostMapping {
    private static final long PAGE = 4096;
    private static final int PROT_READ = 1, PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;
    private static final int O_RDONLY = 0, O_CLOEXEC = 0x80000;
    private static final long MAP_FAILED = -1L;
    private static final int MADV_DONTNEED = 4;
    private static final MethodHandle MMAP = Libc.function("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle MUNMAP = Libc.function("munmap",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle MADVISE = Libc.function("madvise", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle MINCORE = Libc.function("mincore", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle OPEN = Libc.functionSettingErrno("open", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MMAP_FILE = Libc.functionSettingErrno("mmap", FunctionDescriptor.of(
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));

    private HostMapping() {
    }

    /** Fresh pages that read as zero and cost nothing until touched. */
    static MemorySegment anonymous(long size, Arena arena) {
        try {
            MemorySegment raw = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            if (raw.address() == MAP_FAILED || raw.address() == 0L) {
                throw new OutOfMemoryError("mmap of " + size + " bytes of guest RAM failed");
            }
            return raw.reinterpret(size, arena, segment -> unmap(segment, size));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * {@code file}'s first {@code size} bytes mapped copy-on-write ({@code MAP_PRIVATE}): pages are read
     * when first touched and become the process's own once written; the file never changes. The segment
     * is a plain native one, like {@link #anonymous}'s: HotSpot compiles every guest memory access for the
     * segment class it has seen, and a second class (a {@code FileChannel} mapping's) would throw all that
     * compiled code away on the first access of a resumed machine.
     */
    static MemorySegment privateCopy(Path file, long size, Arena arena) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(call);
            int fd = (int) OPEN.invokeExact(errno, call.allocateFrom(file.toString()), O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("cannot open " + file + ": " + Libc.describe(Libc.errno(errno)));
            }
            MemorySegment raw;
            try {
                raw = (MemorySegment) MMAP_FILE.invokeExact(errno, MemorySegment.NULL, size,
                        PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE, fd, 0L);
            } finally {
                // The mapping keeps its own reference to the file.
                Libc.close(fd);
            }
            if (raw.address() == MAP_FAILED) {
                throw new IOException("cannot map " + file + ": " + Libc.describe(Libc.errno(errno)));
            }
            return raw.reinterpret(size, arena, segment -> unmap(segment, size));
        } catch (IOException | Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Maps fresh anonymous pages over part of a mapping (MAP_FIXED replaces what was there atomically):
     * they read as zero and cost nothing until touched. The arena's unmap of the whole range covers them.
     */
    static void replace(MemorySegment ram, long offset, long length) {
        try {
            MemorySegment at = ram.asSlice(offset, length);
            MemorySegment raw = (MemorySegment) MMAP.invokeExact(at, length, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            if (raw.address() != at.address()) {
                throw new IllegalStateException("mmap over released guest pages failed");
            }
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void unmap(MemorySegment segment, long size) {
        try {
            int rc = (int) MUNMAP.invokeExact(segment, size);
            assert rc == 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long residentPages(MemorySegment ram, long size) {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment vector = scratch.allocate(size / PAGE);
            int rc = (int) MINCORE.invokeExact(ram, size, vector);
            if (rc != 0) {
                throw new IllegalStateException("mincore failed");
            }
            long resident = 0;
            for (long i = 0; i < size / PAGE; i++) {
                resident += vector.get(ValueLayout.JAVA_BYTE, i) & 1;
            }
            return resident;
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void discard(MemorySegment ram, long offset, long length) {
        try {
            int rc = (int) MADVISE.invokeExact(ram.asSlice(offset, length), length, MADV_DONTNEED);
            if (rc != 0) {
                throw new IllegalStateException("madvise failed");
            }
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
