package io.vireo.console.datastore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.vireo.console.domain.InvalidFieldException;

/**
 * The folder a new datastore lives in. The console writes and deletes files there as its own, so it takes
 * only an empty (or new) folder, or one a Vireo console marked as a datastore before, and never one that
 * is, holds or lies inside another datastore. It leaves its mark ({@value #MARKER}) in the folder.
 */
final class DatastoreFolder {
    static final String MARKER = ".vireo-datastore";

    private DatastoreFolder() {
    }

    /** Checks the folder, creates it if need be and marks it; answers its normalised absolute path. */
    static Path claim(String path, List<Datastore> existing) {
        Path directory = Path.of(path).toAbsolutePath().normalize();
        Path real = DatastoreOccupancy.canonical(directory);
        for (Datastore other : existing) {
            Path taken = DatastoreOccupancy.canonical(other.directory());
            if (real.startsWith(taken) || taken.startsWith(real)) {
                throw new InvalidFieldException("path", directory + " overlaps datastore " + other.getName()
                        + " (" + other.getPath() + "); datastores never share folders");
            }
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new InvalidFieldException("path", directory + " is a file, not a folder");
        }
        if (Files.isDirectory(directory) && !Files.exists(directory.resolve(MARKER)) && !isEmpty(directory)) {
            throw new InvalidFieldException("path", directory + " already holds other files: a datastore needs an"
                    + " empty folder, or one a Vireo console marked as a datastore (" + MARKER + ")");
        }
        try {
            mark(directory);
        } catch (IOException e) {
            throw new InvalidFieldException("path", "Cannot create directory " + directory + ": " + e.getMessage());
        }
        return directory;
    }

    /** Creates the folder if need be and leaves the mark that lets a console take it up again later. */
    static void mark(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path marker = directory.resolve(MARKER);
        if (!Files.exists(marker)) {
            Files.writeString(marker, "A Vireo datastore: VM folders and images the console manages.\n",
                    StandardCharsets.UTF_8);
        }
    }

    private static boolean isEmpty(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new InvalidFieldException("path", "Cannot read " + directory + ": " + e.getMessage());
        }
    }
}
