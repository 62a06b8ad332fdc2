package io.vireo.console.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.image.internal.ImageRepository;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.quota.Resources;
import io.vireo.console.team.Team;

/**
 * The ISO image an imported VM's CD-ROM drive held, taken into the team's library beside the VM: checked as an
 * uploaded ISO is (whole 2048-byte blocks, within the team's disk quota and the datastore's room), given a free name
 * after its file, and its file put at {@code images/<name>.iso} of the VM's datastore. The caller checked that the
 * team may use the datastore. The file is linked where it lies in the same file system (a folder being registered
 * stays as it was, and nothing is copied), copied otherwise; a transaction that rolls back removes it again.
 */
@Service
public class ImportedIsos {
    private static final long GIB = 1L << 30;

    private final ImageService images;
    private final ImageRepository repository;
    private final DatastoreService datastores;
    private final QuotaService quotas;

    ImportedIsos(ImageService images, ImageRepository repository, DatastoreService datastores, QuotaService quotas) {
        this.images = images;
        this.repository = repository;
        this.datastores = datastores;
        this.quotas = quotas;
    }

    /** The ISO image of {@code iso} for the team, in {@code datastore}; refused naming the field {@code file}. */
    @Transactional
    public Image take(Path iso, Team team, Datastore datastore) throws IOException {
        String fileName = iso.getFileName().toString();
        long size = Files.size(iso);
        ImageService.checkIsoSize(size, "file", fileName);
        quotas.ensureRoom(team.getId(), new Resources(0, 0, Math.max(1, (size + GIB - 1) / GIB), 0));
        Path folder = datastore.directory().resolve(ImageService.FOLDER);
        Files.createDirectories(folder);
        String name = freeName(stem(fileName), folder);
        Path target = folder.resolve(name + ".iso");
        try {
            Files.createLink(target, iso);
        } catch (IOException | UnsupportedOperationException e) {
            datastores.ensureRoom(datastore, size, "Importing ISO image " + name);
            Files.copy(iso, target);
        }
        removeOnRollback(target);
        return images.recordIso(name, team, datastore, target);
    }

    /** Removes an image {@link #take} made, row and file, once the import it came with failed. */
    @Transactional
    public void discard(Long imageId) {
        repository.findById(imageId).ifPresent(image -> {
            repository.delete(image);
            try {
                Files.deleteIfExists(image.file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void removeOnRollback(Path file) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        // the transaction is over and its caller has its own failure to report; the file stays
                        // visible in the datastore's listing
                    }
                }
            }
        });
    }

    /** The file's name without {@code .iso}, made a valid image name. */
    private static String stem(String fileName) {
        String stem = fileName.toLowerCase(Locale.ROOT).endsWith(".iso")
                ? fileName.substring(0, fileName.length() - 4) : fileName;
        stem = stem.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return stem.isEmpty() ? "imported-cd" : stem.substring(0, Math.min(stem.length(), 58));
    }

    private String freeName(String base, Path folder) {
        String name = base;
        for (int n = 2; images.exists(name) || Files.exists(folder.resolve(name + ".iso")); n++) {
            name = base + "-" + n;
        }
        return name;
    }
}
