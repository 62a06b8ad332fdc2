package io.vireo.console.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class DatastoreHealthIndicatorTest {

    @TempDir
    Path dir;

    @Test
    void upWhileEveryDatastoreFolderIsThereMarkedAndWritable() throws IOException {
        Health health = DatastoreHealthIndicator.of(List.of(datastore("local"), datastore("fast")));
        assertThat(health.getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downNamingTheDatastoreWhoseVolumeIsMissingOrEmpty() throws IOException {
        Datastore fine = datastore("local");
        Datastore unmounted = new Datastore("fast", Files.createDirectories(dir.resolve("fast")), Instant.EPOCH);
        Datastore gone = new Datastore("old", dir.resolve("old"), Instant.EPOCH);
        Health health = DatastoreHealthIndicator.of(List.of(fine, unmounted, gone));
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsOnlyKeys("fast", "old");
        assertThat((String) health.getDetails().get("fast")).contains("not mounted?");
        assertThat((String) health.getDetails().get("old")).contains("missing");
    }

    private Datastore datastore(String name) throws IOException {
        Path folder = dir.resolve(name);
        DatastoreFolder.mark(folder);
        return new Datastore(name, folder, Instant.EPOCH);
    }
}
