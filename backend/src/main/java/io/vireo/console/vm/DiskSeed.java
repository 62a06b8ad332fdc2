package io.vireo.console.vm;

import java.nio.file.Path;

/**
 * Where a new VM's disk comes from: {@code basePath}, a frozen file of the datastore whose directory is
 * {@code root}, that the disk copies or stands on. {@code packaged} when it is an imported package's disk, whose
 * VMDK descriptor may name extent files beside it (read only then, see {@code DiskImages.flattenPackaged}).
 */
record DiskSeed(Path root, String basePath, long sizeGib, DiskMode mode, boolean packaged) {

    DiskSeed(Path root, String basePath, long sizeGib, DiskMode mode) {
        this(root, basePath, sizeGib, mode, false);
    }

    /** The frozen file on this host. */
    Path source() {
        return root.resolve(basePath);
    }

    boolean linked() {
        return mode == DiskMode.LINKED;
    }
}
