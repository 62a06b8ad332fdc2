package io.vireo.engine.storage.vmdk;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What every VMDK Vireo opens has in common: it is read (imports convert it to qcow2) and never written, and it
 * stands alone, with no backing image.
 */
abstract sealed class ReadOnlyVmdk implements DiskImage permits VmdkImage, VmdkExtents {
    private final Path path;

    ReadOnlyVmdk(Path path) {
        this.path = path;
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
        return Optional.empty();
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
