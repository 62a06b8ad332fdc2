package io.vireo.engine.storage.qcow2;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageFormat;
import java.io.IOException;
import java.util.Optional;

/** Opens the image a qcow2 header names as its backing file (read-only), or refuses it. */
@FunctionalInterface
public interface BackingResolver {
    DiskImage open(String backingName, Optional<ImageFormat> declaredFormat) throws IOException;

    BackingResolver NONE = (name, format) -> {
        throw new io.vireo.engine.storage.ImageException("backing file '" + name + "' cannot be opened here");
    };
}
