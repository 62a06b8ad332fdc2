package io.vireo.console.datastore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The datastores' part of the console's health: each one's folder is there, carries the mark the console left
 * in it and may be written. A volume that was not mounted (an empty folder in its place) or was mounted
 * read-only would otherwise fail VM operations one at a time; this way the container is unhealthy at once.
 */
@Component
class DatastoreHealthIndicator implements HealthIndicator {

    private final DatastoreService datastores;

    DatastoreHealthIndicator(DatastoreService datastores) {
        this.datastores = datastores;
    }

    @Override
    public Health health() {
        return of(datastores.all());
    }

    /** UP when every datastore's folder is usable; DOWN naming what is wrong with each one that is not. */
    static Health of(List<Datastore> all) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (Datastore datastore : all) {
            String problem = problem(datastore.directory());
            if (problem != null) {
                problems.put(datastore.getName(), datastore.getPath() + ": " + problem);
            }
        }
        return problems.isEmpty()
                ? Health.up().withDetail("datastores", all.size()).build()
                : Health.down().withDetails(problems).build();
    }

    private static String problem(Path directory) {
        if (!Files.isDirectory(directory)) {
            return "the folder is missing";
        }
        if (!Files.exists(directory.resolve(DatastoreFolder.MARKER))) {
            return "the folder lacks the console's mark " + DatastoreFolder.MARKER + " (not mounted?)";
        }
        if (!Files.isWritable(directory)) {
            return "the folder is read-only";
        }
        return null;
    }
}
