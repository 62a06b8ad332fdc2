package io.vireo.console.datastore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Removes a folder of a datastore once the inventory change that gave it up has committed: a rolled-back change
 * leaves the files where they were, so the inventory never names files that are gone.
 */
@Component
public class FolderRemoval {

    public void removeAfterCommit(Path folder) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    remove(folder);
                } catch (IOException e) {
                    throw new UncheckedIOException("Removed from the inventory, but folder " + folder + " was not", e);
                }
            }
        });
    }

    /** Removes the folder and everything in it now; a folder that is not there is fine. */
    public void remove(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
