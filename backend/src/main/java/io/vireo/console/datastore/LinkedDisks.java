package io.vireo.console.datastore;

import java.util.List;

/**
 * A feature whose disks may stand on a frozen file elsewhere in a datastore (a linked clone's base: another
 * VM's snapshot file, a template's disk, a disk image) says whose disks stand on a given file or folder, so
 * its owner is not deleted, moved or written while they do. Paths are relative to the datastore.
 */
public interface LinkedDisks {

    /** What stands on {@code path} (a file, or a folder and everything in it), named for a person: "VM web-2". */
    List<String> standingOn(Long datastoreId, String path);
}
