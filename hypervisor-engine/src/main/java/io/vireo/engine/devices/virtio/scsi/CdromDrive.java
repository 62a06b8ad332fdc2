package io.vireo.engine.devices.virtio.scsi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The host's side of a virtual CD-ROM drive: the disc in it (a raw ISO 9660 image, read-only) and the
 * eject button. The guest notices a change at its next command (UNIT ATTENTION, MEDIUM MAY HAVE CHANGED)
 * or its next media event poll.
 */
public interface CdromDrive {
    /** The image in the drive, if any. */
    Optional<Path> medium();

    /** Whether the guest has locked the drive (PREVENT MEDIUM REMOVAL, as Linux does while it is mounted). */
    boolean locked();

    /**
     * Puts {@code iso} in the drive, replacing the disc there unless the guest locked the drive.
     *
     * @throws IOException           if the image cannot be opened or is not a whole number of 2048-byte blocks;
     *                               the drive keeps the disc it had
     * @throws IllegalStateException if the guest locked the drive and a disc is in it
     */
    void insert(Path iso) throws IOException;

    /**
     * Takes the disc out. A drive the guest locked refuses unless {@code force}: forcing it is pulling a
     * disc out of a mounted drive, and the guest gets read errors until it unmounts.
     *
     * @throws IllegalStateException if the guest locked the drive and {@code force} is false
     */
    void eject(boolean force);
}
