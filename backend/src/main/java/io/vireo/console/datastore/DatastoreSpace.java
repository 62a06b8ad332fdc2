package io.vireo.console.datastore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The room a datastore has, read from its directory each time: the size and free space of the file system it
 * lies on, and the bytes its own files take. A datastore has no capacity of its own to set; VM disks are thin
 * and grow into whatever the file system has free.
 */
public record DatastoreSpace(long sizeBytes, long freeBytes, long usedBytes) {

    /** Empty when the directory cannot be read (moved away, unmounted). */
    static Optional<DatastoreSpace> of(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            FileStore store = Files.getFileStore(directory);
            long used = files.filter(DatastoreSpace::holdsData).mapToLong(DatastoreSpace::sizeOf).sum();
            return Optional.of(new DatastoreSpace(store.getTotalSpace(), store.getUsableSpace(), used));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The console's own mark on the folder is bookkeeping, not something stored there. */
    private static boolean holdsData(Path file) {
        return Files.isRegularFile(file) && !file.getFileName().toString().equals(DatastoreFolder.MARKER);
    }

    /** A file removed while the directory is walked takes no room. */
    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }
}
