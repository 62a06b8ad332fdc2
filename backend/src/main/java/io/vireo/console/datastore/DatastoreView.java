package io.vireo.console.datastore;

import java.time.Instant;

/** A datastore with the room it has now ({@code space} is null when its directory cannot be read). */
public record DatastoreView(Long id, String name, String path, DatastoreSpace space, Instant createdAt) {

    public static DatastoreView of(Datastore d) {
        return new DatastoreView(d.getId(), d.getName(), d.getPath(), DatastoreSpace.of(d.directory()).orElse(null),
                d.getCreatedAt());
    }
}
