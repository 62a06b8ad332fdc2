package io.vireo.console.datastore;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A datastore as listed, with the room it has now ({@code space} is null when its directory cannot be
 * read); {@code grantedTeamIds} are the teams whose owners may register VM folders from it, as far as the
 * caller may see those teams.
 */
public record DatastoreView(Long id, String name, String path, DatastoreSpace space, Instant createdAt,
        List<Long> grantedTeamIds) {

    public static DatastoreView of(Datastore d, Collection<Long> visibleTeamIds) {
        return new DatastoreView(d.getId(), d.getName(), d.getPath(), DatastoreSpace.of(d.directory()).orElse(null),
                d.getCreatedAt(), d.getGrantedTeamIds().stream().filter(visibleTeamIds::contains).sorted().toList());
    }
}
