package io.vireo.engine.appliance.debian;

import java.util.List;
import java.util.Objects;

/**
 * One binary package as an archive index describes it.
 *
 * @param depends every package name that appears in {@code Depends:}, alternatives included,
 *                without version constraints or architecture qualifiers
 * @param filename the archive-relative path of the .deb ({@code pool/...})
 */
public record PackageRecord(String name, String version, List<String> depends, String filename, String sha256, long size) {

    public PackageRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        depends = List.copyOf(depends);
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** The name the .deb gets in the cache: the pool file's own name, which is unique per version. */
    public String debFileName() {
        int slash = filename.lastIndexOf('/');
        return filename.substring(slash + 1);
    }
}
