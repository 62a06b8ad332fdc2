package io.vireo.engine.appliance.debian;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keeps downloaded .deb files under one directory, reusing a file only when its SHA-256 matches the index. */
public final class PackageCache {
    private final Path directory;

    public PackageCache(Path directory) {
        this.directory = directory;
    }

    public Path fetch(DebianPackageSource source, PackageRecord record) {
        Path cached = directory.resolve(record.debFileName());
        if (DebFiles.matches(cached, record)) {
            return cached;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the package cache " + directory, e);
        }
        return source.download(record, directory);
    }
}
