package io.vireo.engine.appliance;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The disk an installed-system appliance boots from: a qcow2 image holding its root file system.
 *
 * @param installedPackages how many packages dpkg reported installed when the build finished
 */
public record RootDisk(Path image, int installedPackages) {
    public RootDisk {
        Objects.requireNonNull(image, "image");
    }
}
