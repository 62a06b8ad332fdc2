package io.vireo.engine.storage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Positional whole-buffer reads and writes, which {@link FileChannel} only does partially. */
public final class ChannelIo {
    private static final MemorySegment ZEROS = Arena.global().allocate(1 << 20);
    private ChannelIo() {
    }

    /** Reads exactly {@code dst.remaining()} bytes or fails with an error naming {@code what}. */
    public static void readFully(FileChannel ch, ByteBuffer dst, long position, String what) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new ImageException(what + " at offset " + position + " lies past the end of the file");
            }
            pos += n;
        }
    }

    /** Reads what the file has and fills the rest (past its end) with zeros. */
    public static void readOrZero(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                fillZero(dst);
                return;
            }
            pos += n;
        }
    }

    public static void writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
        long pos = position;
        while (src.hasRemaining()) {
            pos += ch.write(src, pos);
        }
    }

    public static void fillZero(ByteBuffer dst) {
        while (dst.remaining() >= 8) {
            dst.putLong(0L);
        }
        while (dst.hasRemaining()) {
            dst.put((byte) 0);
        }
    }

    public static boolean isZero(ByteBuffer buf) {
        MemorySegment data = MemorySegment.ofBuffer(buf);
        long length = data.byteSize();
        for (long at = 0; at < length; at += ZEROS.byteSize()) {
            long n = Math.min(ZEROS.byteSize(), length - at);
            if (MemorySegment.mismatch(data, at, at + n, ZEROS, 0, n) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Opens an image file; a writable one is locked exclusively (released on close) so that two writers,
     * in this process or another, never share an image.
     */
    public static FileChannel openImage(Path path, boolean readOnly) throws IOException {
        if (readOnly) {
            return FileChannel.open(path, StandardOpenOption.READ);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (ch.tryLock() == null) {
                throw new ImageException(path + " is in use by another process");
            }
            return ch;
        } catch (OverlappingFileLockException e) {
            ch.close();
            throw new ImageException(path + " is already open for writing", e);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
