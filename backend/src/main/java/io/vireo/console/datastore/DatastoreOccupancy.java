package io.vireo.console.datastore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

/**
 * What the inventory owns in the datastores, asked of every {@link DatastoreOccupant}. Paths are compared
 * in their real form (symbolic links and {@code ..} resolved), so no spelling of a path gets around it.
 */
@Component
public class DatastoreOccupancy {

    private final List<DatastoreOccupant> occupants;

    DatastoreOccupancy(List<DatastoreOccupant> occupants) {
        this.occupants = occupants;
    }

    /** Whether {@code path} is, lies inside or contains something the inventory owns. */
    public boolean overlapsOwned(Path path) {
        Path candidate = canonical(path);
        return owned().anyMatch(owned -> candidate.startsWith(owned) || owned.startsWith(candidate));
    }

    /** Whether anything the inventory owns lies in the datastore. */
    public boolean holdsAnything(Datastore datastore) {
        Path root = canonical(datastore.directory());
        return owned().anyMatch(owned -> owned.startsWith(root));
    }

    private Stream<Path> owned() {
        return occupants.stream().flatMap(o -> o.ownedPaths().stream()).map(DatastoreOccupancy::canonical);
    }

    /** The real path of the deepest part that exists, followed by the rest as written (normalised). */
    static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }
}
