package io.vireo.engine.storage.vmdk;

import io.vireo.engine.storage.Allocation;
import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What every VMDK Vireo opens has in common: it is read (imports convert it to qcow2) and never written. A snapshot
 * delta reads through to its parent where it holds no grain; any other VMDK stands alone.
 */
abstract sealed class ReadOnlyVmdk implements DiskImage permits VmdkImage, VmdkExtents {
    private final Path path;
    private final Optional<DiskImage> parent;

    ReadOnlyVmdk(Path path, Optional<DiskImage> parent) {
        this.path = path;
        this.parent = parent;
    }

    /** How a range the delta holds no grain for reads: from the parent, or as zeros without one. */
    final Allocation.Kind unallocated() {
        return parent.isPresent() ? Allocation.Kind.BACKING : Allocation.Kind.ZERO;
    }

    /** Reads {@code dst} at {@code offset} of the parent; past a smaller parent's end the disk reads as zeros. */
    final void readParent(long offset, ByteBuffer dst) throws IOException {
        long inParent = parent.isEmpty() ? 0 : Math.max(0, Math.min(dst.remaining(), parent.get().size() - offset));
        if (inParent > 0) {
            parent.get().read(offset, dst.slice(dst.position(), (int) inParent));
        }
        ChannelIo.fillZero(dst.slice(dst.position() + (int) inParent, dst.remaining() - (int) inParent));
    }

    final void closeParent() throws IOException {
        if (parent.isPresent()) {
            parent.get().close();
        }
    }

    @Override
    public final Path path() {
        return path;
    }

    @Override
    public final ImageFormat format() {
        return ImageFormat.VMDK;
    }

    @Override
    public final Optional<DiskImage> backing() {
        return parent;
    }

    @Override
    public final boolean readOnly() {
        return true;
    }

    @Override
    public final void write(long offset, ByteBuffer src) throws IOException {
        throw readOnlyError();
    }

    @Override
    public final void flush() {
        // nothing is ever written
    }

    @Override
    public final void discard(long offset, long length) throws IOException {
        throw readOnlyError();
    }

    @Override
    public final void writeZeroes(long offset, long length) throws IOException {
        throw readOnlyError();
    }

    @Override
    public final void grow(long newSize) throws IOException {
        throw readOnlyError();
    }

    private ImageException readOnlyError() {
        return new ImageException(path + ": VMDK images are read-only in Vireo");
    }
}
