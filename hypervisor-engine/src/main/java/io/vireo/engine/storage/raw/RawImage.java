package io.vireo.engine.storage.raw;

import io.vireo.engine.storage.Allocation;
import io.vireo.engine.storage.Bounds;
import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** A raw image: the file is the disk, byte for byte; a sparse file keeps unwritten ranges free. */
public final class RawImage implements DiskImage {
    private static final int ZERO_CHUNK = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final boolean readOnly;
    private final ReentrantLock lock = new ReentrantLock();
    private long size;

    private RawImage(Path path, FileChannel channel, boolean readOnly, long size) {
        this.path = path;
        this.channel = channel;
        this.readOnly = readOnly;
        this.size = size;
    }

    public static RawImage open(Path path, boolean readOnly) throws IOException {
        FileChannel ch = ChannelIo.openImage(path, readOnly);
        return new RawImage(path, ch, readOnly, Bounds.roundUp(ch.size(), 512));
    }

    /** Creates a sparse raw image of {@code size} bytes (rounded up to whole sectors); refuses to overwrite. */
    public static void create(Path path, long size) throws IOException {
        if (size < 0) {
            throw new ImageException("disk size must not be negative: " + size);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            extend(ch, Bounds.roundUp(size, 512));
        }
    }

    private static void extend(FileChannel ch, long newSize) throws IOException {
        if (newSize > ch.size()) {
            ChannelIo.writeFully(ch, ByteBuffer.allocate(1), newSize - 1);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.RAW;
    }

    @Override
    public Optional<DiskImage> backing() {
        return Optional.empty();
    }

    @Override
    public Allocation allocation(long offset) {
        Bounds.check(offset, 0, size);
        return new Allocation(Allocation.Kind.DATA, Math.max(1, size - offset));
    }

    @Override
    public long storedBytes() throws IOException {
        return channel.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        Bounds.check(offset, dst.remaining(), size);
        ChannelIo.readOrZero(channel, dst, offset);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        requireWritable();
        Bounds.check(offset, src.remaining(), size);
        ChannelIo.writeFully(channel, src, offset);
    }

    @Override
    public void flush() throws IOException {
        if (!readOnly) {
            channel.force(false);
        }
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        writeZeroes(offset, length);
    }

    @Override
    public void writeZeroes(long offset, long length) throws IOException {
        requireWritable();
        Bounds.check(offset, length, size);
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZERO_CHUNK, Math.max(1, length)));
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(zeros.capacity(), length - done);
            ChannelIo.writeFully(channel, zeros.clear().limit(n), offset + done);
            done += n;
        }
    }

    @Override
    public void grow(long newSize) throws IOException {
        requireWritable();
        lock.lock();
        try {
            long rounded = Bounds.roundUp(newSize, 512);
            if (rounded < size) {
                throw new ImageException(path + ": shrinking a disk is not supported (" + size + " -> " + rounded + ")");
            }
            extend(channel, rounded);
            size = rounded;
        } finally {
            lock.unlock();
        }
    }

    private void requireWritable() throws ImageException {
        if (readOnly) {
            throw new ImageException(path + " is open read-only");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
