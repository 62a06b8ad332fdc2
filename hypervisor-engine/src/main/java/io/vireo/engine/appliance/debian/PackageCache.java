package io.vireo.engine.appliance.debian;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Keeps downloaded .deb files under one directory, reusing a file only when its SHA-256 matches the index. */
public final class PackageCache {
    private final Path directory;

    public PackageCache(Path directory) {
        this.directory = directory;
    }

    public Path fetch(DebianPackageSource source, PackageRecord record) {
        return fetchAll(source, List.of(record)).getFirst();
    }

    /** The packages' files, in the order given, downloading the ones not in the cache together. */
    public List<Path> fetchAll(DebianPackageSource source, List<PackageRecord> records) {
        List<PackageRecord> missing = records.stream()
                .filter(record -> !DebFiles.matches(directory.resolve(record.debFileName()), record)).toList();
        if (!missing.isEmpty()) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the package cache " + directory, e);
            }
            source.downloadAll(missing, directory);
        }
        return records.stream().map(record -> directory.resolve(record.debFileName())).toList();
    }
}
