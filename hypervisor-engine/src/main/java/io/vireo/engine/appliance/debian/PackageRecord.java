package io.vireo.engine.appliance.debian;

import java.util.List;
import java.util.Objects;

/**
 * One binary package as an archive index describes it.
 *
 * @param dependencies the {@code Pre-Depends:} then {@code Depends:} entries, each a list of alternatives
 *                     ({@code a | b}), as package names without version constraints or architecture qualifiers
 * @param provides the virtual package names of {@code Provides:}, without versions
 * @param priority {@code required}, {@code important}, {@code optional}…; empty when the index names none
 * @param filename the archive-relative path of the .deb ({@code pool/...})
 */
public record PackageRecord(String name, String version, List<List<String>> dependencies, List<String> provides,
                            String priority, String filename, String sha256, long size) {

    public PackageRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        dependencies = dependencies.stream().map(List::copyOf).toList();
        provides = List.copyOf(provides);
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Every package name the dependencies mention, alternatives included, in the order they are written. */
    public List<String> depends() {
        return dependencies.stream().flatMap(List::stream).toList();
    }

    /** The name the .deb gets in the cache: the pool file's own name, which is unique per version. */
    public String debFileName() {
        int slash = filename.lastIndexOf('/');
        return filename.substring(slash + 1);
    }
}
