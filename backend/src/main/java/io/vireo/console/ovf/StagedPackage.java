package io.vireo.console.ovf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A package unpacked into a folder of its own in the destination datastore ({@code .import-…}), its files by their
 * plain names. It lives until its disks are converted, or the import is refused.
 */
record StagedPackage(Path folder, Set<String> names) {

    Path file(String name) {
        return folder.resolve(name);
    }

    void remove() throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
