package io.vireo.console.vm;

import java.nio.file.Path;

/**
 * Where a new VM's disk comes from: {@code basePath}, a frozen file of the datastore whose directory is
 * {@code root}, that the disk copies or stands on.
 */
record DiskSeed(Path root, String basePath, long sizeGib, DiskMode mode) {

    /** The frozen file on this host. */
    Path source() {
        return root.resolve(basePath);
    }

    boolean linked() {
        return mode == DiskMode.LINKED;
    }
}
