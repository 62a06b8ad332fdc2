package io.vireo.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For {@code boot --boot-from-disk}: a temporary folder where the engine writes the kernel and initrd it reads
 * from the disk at each boot, removed when the command ends. Without the option it is nothing.
 */
final class DiskBootFolder implements AutoCloseable {
    private final Path folder;

    DiskBootFolder(boolean wanted) throws IOException {
        this.folder = wanted ? Files.createTempDirectory("vireo-disk-boot") : null;
    }

    Path kernel() {
        return folder.resolve("Image");
    }

    Path initrd() {
        return folder.resolve("initrd");
    }

    @Override
    public void close() throws IOException {
        if (folder != null) {
            Files.deleteIfExists(kernel());
            Files.deleteIfExists(initrd());
            Files.deleteIfExists(folder);
        }
    }
}
