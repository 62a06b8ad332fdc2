package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A file of a package that lies in a datastore (an OVA the catalog keeps, or a file of a package named by its path) as
 * one part of an import: only read, and never through a link, which could lead anywhere on the host.
 */
record DatastoreFile(Path file) implements PackageStaging.Part {

    @Override
    public String name() {
        return file.getFileName().toString();
    }

    @Override
    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    }
}
