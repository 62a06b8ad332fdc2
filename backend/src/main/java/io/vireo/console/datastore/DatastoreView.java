package io.vireo.console.datastore;

import java.time.Instant;

public record DatastoreView(Long id, String name, String path, long capacityGib, Instant createdAt) {

    public static DatastoreView of(Datastore d) {
        return new DatastoreView(d.getId(), d.getName(), d.getPath(), d.getCapacityGib(), d.getCreatedAt());
    }
}
