package io.vireo.engine.storage.chain;

import io.vireo.engine.storage.ImageFormat;
import java.nio.file.Path;
import java.util.Optional;

/** What {@code disk info} shows for one image of a chain. */
public record ImageInfo(Path path, ImageFormat format, long virtualSize, long fileSize, long storedBytes,
        Optional<String> backingName, Optional<Path> backingPath, Optional<Integer> clusterSize) {
}
