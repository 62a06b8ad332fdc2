package io.vireo.console.datastore;

import java.nio.file.Path;
import java.util.List;

/**
 * A feature that keeps files in datastores (VMs their folders, images their files) says which paths it owns,
 * so nothing else is ever placed on them: no image on a VM's disk, no VM registered from another's folder.
 */
public interface DatastoreOccupant {

    /** Every file and folder this feature owns, in any datastore. */
    List<Path> ownedPaths();
}
