package io.vireo.console.ovf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreOccupancy;
import io.vireo.console.domain.InvalidFieldException;

/**
 * A package that already lies in a datastore, named by its path there: an {@code .ova}, or an OVF package's folder
 * (or its {@code .ovf}, which names the folder), whose every file is the package, as if uploaded together. The path
 * is taken as the file system resolves it ({@code ..} and links followed) and must stay inside the datastore, away
 * from the import staging folders and from anything the inventory owns; the files are only read, never through a
 * link. Refusals name only what the caller sent.
 */
@Component
class DatastorePackages {

    private final DatastoreOccupancy occupancy;

    DatastorePackages(DatastoreOccupancy occupancy) {
        this.occupancy = occupancy;
    }

    /** The files of the package at {@code path} of the datastore, as the parts of one import. */
    List<DatastoreFile> parts(Datastore datastore, String path) {
        Path root = root(datastore, path);
        Path found = locate(root, datastore, path);
        if (Files.isRegularFile(found) && found.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ova")) {
            return List.of(new DatastoreFile(found));
        }
        Path folder = Files.isDirectory(found) ? found : found.getParent();
        if (!Files.isDirectory(found) && !found.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ovf")) {
            throw new InvalidFieldException("path", path + " is neither an .ova, an .ovf nor the folder of an OVF"
                    + " package");
        }
        if (folder.equals(root) || occupancy.overlapsOwned(folder)) {
            throw new InvalidFieldException("path", "The folder of " + path + " holds or lies in files of a VM, an"
                    + " image or a catalog entry; an OVF package is imported from a folder of its own");
        }
        return files(folder, path);
    }

    private static Path root(Datastore datastore, String path) {
        try {
            return datastore.directory().toRealPath();
        } catch (IOException e) {
            throw missing(path, datastore);
        }
    }

    private Path locate(Path root, Datastore datastore, String relative) {
        Path found;
        try {
            found = root.resolve(relative).toRealPath();
        } catch (IOException | RuntimeException e) {
            throw missing(relative, datastore);
        }
        boolean staging = root.relativize(found).toString().startsWith(PackageStaging.FOLDER_PREFIX);
        if (!found.startsWith(root) || found.equals(root) || staging) {
            throw missing(relative, datastore);
        }
        if (occupancy.overlapsOwned(found)) {
            throw new InvalidFieldException("path", relative + " belongs to a VM, an image or a catalog entry; only"
                    + " a package nothing in the inventory uses is imported by its path");
        }
        return found;
    }

    /** The folder's files; a link among them is refused, not followed: the package's files are its own. */
    private static List<DatastoreFile> files(Path folder, String path) {
        try (Stream<Path> listed = Files.list(folder)) {
            List<Path> entries = listed.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted()
                    .toList();
            for (Path entry : entries) {
                if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    throw new InvalidFieldException("path", "The package's folder " + path + " holds "
                            + OvfUnits.abbreviate(entry.getFileName().toString()) + ", which is a link or a device"
                            + " and not a file of its own");
                }
            }
            if (entries.isEmpty()) {
                throw new InvalidFieldException("path", "The folder of " + path + " holds no files of a package");
            }
            return entries.stream().map(DatastoreFile::new).toList();
        } catch (IOException e) {
            throw new InvalidFieldException("path", "The folder of " + path + " cannot be read: " + e.getMessage());
        }
    }

    private static InvalidFieldException missing(String path, Datastore datastore) {
        return new InvalidFieldException("path", "No package " + path + " in datastore " + datastore.getName());
    }
}
