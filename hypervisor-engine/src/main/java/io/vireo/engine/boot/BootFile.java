package io.vireo.engine.boot;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads a kernel or initrd whole. Not through {@code Files.readAllBytes}: a file channel reads into a heap
 * array through a temporary direct buffer as large as the file, and keeps it cached for the thread, so
 * every thread that ever started a VM held another copy of the kernel off-heap (36 MiB for the tiny
 * appliance's).
 */
final class BootFile {
    private BootFile() {
    }

    static byte[] read(Path path) throws IOException {
        try (InputStream in = new FileInputStream(path.toFile())) {
            return in.readAllBytes();
        }
    }
}
