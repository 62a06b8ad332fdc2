package io.vireo.console.datastore;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A datastore as listed; {@code grantedTeamIds} are the teams whose owners may register VM folders from it,
 * as far as the caller may see those teams.
 */
public record DatastoreView(Long id, String name, String path, long capacityGib, Instant createdAt,
        List<Long> grantedTeamIds) {

    public static DatastoreView of(Datastore d, Collection<Long> visibleTeamIds) {
        return new DatastoreView(d.getId(), d.getName(), d.getPath(), d.getCapacityGib(), d.getCreatedAt(),
                d.getGrantedTeamIds().stream().filter(visibleTeamIds::contains).sorted().toList());
    }
}
