package io.vireo.engine.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * Result of checking one image's metadata. Leaked clusters waste space but are harmless; any corruption
 * means the image may return wrong data.
 */
public record CheckReport(Path path, long leakedClusters, long corruptions, List<String> problems, long repairedLeaks) {
    public CheckReport {
        problems = List.copyOf(problems);
    }

    public boolean clean() {
        return leakedClusters == 0 && corruptions == 0;
    }

    public boolean corrupt() {
        return corruptions > 0;
    }
}
