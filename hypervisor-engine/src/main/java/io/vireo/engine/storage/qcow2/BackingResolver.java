package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageFormat;
import java.io.IOException;
import java.util.Optional;

/** Opens the image a qcow2 header names as its backing file (read-only), or refuses it. */
@FunctionalInterface
public interface BackingResolver {
    DiskImage open(String backingName, Optional<ImageFormat> declaredFormat) throws IOException;
}
