package io.vireo.engine.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One image file in a disk chain, seen as the whole guest disk: reads fall through to the backing
 * image where this image has nothing. Closing an image closes its backing images too.
 */
public interface DiskImage extends BlockDevice {
    Path path();

    ImageFormat format();

    /** The image this one reads through to, opened read-only. */
    Optional<DiskImage> backing();

    /** How the virtual range starting at {@code offset} is stored in this image (not its backings). */
    Allocation allocation(long offset) throws IOException;

    /** Bytes of guest data this image stores itself (allocated clusters; the file length for raw and VMDK). */
    long storedBytes() throws IOException;

    /** Enlarges the virtual disk; the new tail reads as zeros. */
    void grow(long newSize) throws IOException;
}
