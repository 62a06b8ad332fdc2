package io.vireo.console.vm;

import java.nio.file.Path;

/**
 * Where a new VM's disk comes from: {@code source}, a frozen file of the datastore (its path there is
 * {@code basePath}) that the disk copies or stands on.
 */
record DiskSeed(Path source, String basePath, long sizeGib, DiskMode mode) {

    boolean linked() {
        return mode == DiskMode.LINKED;
    }
}
