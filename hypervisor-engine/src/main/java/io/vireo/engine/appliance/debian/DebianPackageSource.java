package io.vireo.engine.appliance.debian;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where the binary packages of one architecture come from: an archive index to look names up in, and the .deb files. */
public interface DebianPackageSource {

    /** Says which archive and suite serve, for progress messages and manifests. */
    String description();

    /** The package's index record; {@link PackageSourceException} when the archive has no such package. */
    PackageRecord find(String packageName);

    /** Every package the archive's index lists, by name (for resolving a whole system's dependencies). */
    Map<String, PackageRecord> index();

    /** Downloads the package's .deb into {@code directory}, checked against the index's SHA-256, and returns it. */
    Path download(PackageRecord record, Path directory);

    /** Downloads several packages, as {@link #download} does each; a source may fetch them together. */
    default List<Path> downloadAll(List<PackageRecord> records, Path directory) {
        return records.stream().map(record -> download(record, directory)).toList();
    }
}
