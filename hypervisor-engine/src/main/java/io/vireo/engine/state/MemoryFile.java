package io.vireo.engine.state;

import io.vireo.engine.mmu.GuestMemory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A machine's RAM in its own file: byte for byte at its offset, as long as the RAM, and sparse: pages that
 * are all zero (never touched, or cleared) are holes the file system does not store. Resuming maps it
 * copy-on-write ({@link GuestMemory#mapCopyOnWrite}), so nothing is read before the guest asks for it.
 */
public final class MemoryFile {
    private static final long PAGE = 4096;
    private static final MemorySegment ZERO_PAGE = Arena.global().allocate(PAGE);

    private MemoryFile() {
    }

    /**
     * Writes {@code ram} (whose machine does not run) to {@code file} through a temporary file and a rename,
     * so RAM a resumed machine still maps from an older file of that name stays as it was. Returns the
     * bytes of RAM written (the non-zero pages).
     */
    public static long write(Path file, GuestMemory ram) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        MemorySegment all = ram.segment();
        long written = 0;
        try (RandomAccessFile raf = new RandomAccessFile(temporary.toFile(), "rw")) {
            raf.setLength(0);
            raf.setLength(ram.size());
            FileChannel out = raf.getChannel();
            long page = 0;
            while (page < ram.size()) {
                if (zero(all, page)) {
                    page += PAGE;
                    continue;
                }
                long end = page + PAGE;
                while (end < ram.size() && !zero(all, end)) {
                    end += PAGE;
                }
                var run = all.asSlice(page, end - page).asByteBuffer();
                long at = page;
                while (run.hasRemaining()) {
                    at += out.write(run, at);
                }
                written += end - page;
                page = end;
            }
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return written;
    }

    private static boolean zero(MemorySegment ram, long page) {
        return MemorySegment.mismatch(ram, page, page + PAGE, ZERO_PAGE, 0, PAGE) == -1;
    }

    /** RAM of {@code size} bytes at {@code base} with the contents of {@code file}, mapped copy-on-write. */
    public static GuestMemory map(Path file, long base, long size) throws SavedStateException {
        try {
            return GuestMemory.mapCopyOnWrite(base, size, file);
        } catch (IOException e) {
            throw new SavedStateException("memory: " + e.getMessage(), e);
        }
    }
}
