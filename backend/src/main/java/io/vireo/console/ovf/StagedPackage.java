package io.vireo.console.ovf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

    /** The one file whose name ends with {@code suffix}; more than one is refused, none is when {@code required}. */
    Optional<String> only(String suffix, boolean required) throws OvfException {
        List<String> found = names.stream().filter(n -> n.toLowerCase(Locale.ROOT).endsWith(suffix)).toList();
        if (found.size() > 1) {
            throw new OvfException("The package holds " + found.size() + " " + suffix + " files; it must hold one");
        }
        if (found.isEmpty() && required) {
            throw new OvfException("The package holds no " + suffix + " descriptor");
        }
        return found.stream().findFirst();
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
