package io.vireo.engine.storage.vmdk;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens a VMDK of any hosted kind, read-only: a sparse extent with its header, or a text descriptor with extents; a
 * snapshot delta with its parent, through {@code parents}.
 */
public final class Vmdk {

    private Vmdk() {
    }

    public static DiskImage open(Path path, boolean readOnly, ParentResolver parents) throws IOException {
        if (!VmdkExtents.isDescriptor(path)) {
            return VmdkImage.open(path, readOnly, parents);
        }
        if (!readOnly) {
            throw new ImageException(path + ": VMDK images can only be opened read-only; convert the disk to"
                    + " qcow2 (disk flatten) to run it");
        }
        return VmdkExtents.open(path, parents);
    }
}
