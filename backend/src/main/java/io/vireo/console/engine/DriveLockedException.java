package io.vireo.console.engine;

import io.vireo.console.domain.ConflictException;

/**
 * The guest has locked its CD-ROM drive (Linux does while the disc is mounted), so the disc stays. The answer says
 * so and offers {@code force}: pulling the disc out of a mounted drive, after which the guest gets read errors.
 */
public class DriveLockedException extends ConflictException {

    public DriveLockedException(String vmName, String engineReason) {
        super("CD-ROM drive locked", "The guest of VM " + vmName + " has locked its CD-ROM drive (" + engineReason
                + "); unmount the disc in the guest, or force the change, which pulls the disc out of a mounted"
                + " drive");
        getBody().setProperty("forceable", true);
    }
}
