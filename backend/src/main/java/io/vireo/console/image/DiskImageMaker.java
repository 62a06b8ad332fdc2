package io.vireo.console.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreOccupancy;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.quota.Resources;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskProgress;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;
import io.vireo.console.team.Team;

/**
 * Makes a disk image from a VM's or template's disk: the chain is flattened into {@code images/<name>.qcow2} of
 * the datastore it lies in, by a task, and the image is recorded once the file is whole. The caller checked
 * the right to read the source and make the image; what the file may take is checked here, before anything is
 * written: the team's disk quota and the datastore's free space.
 */
@Component
public class DiskImageMaker {
    private static final long GIB = 1L << 30;

    private final ImageService images;
    private final DatastoreService datastores;
    private final DatastoreOccupancy occupancy;
    private final QuotaService quotas;
    private final DiskImages disks;
    private final TaskService tasks;
    private final TransactionTemplate transactions;

    DiskImageMaker(ImageService images, DatastoreService datastores, DatastoreOccupancy occupancy,
            QuotaService quotas, DiskImages disks, TaskService tasks, TransactionTemplate transactions) {
        this.images = images;
        this.datastores = datastores;
        this.occupancy = occupancy;
        this.quotas = quotas;
        this.disks = disks;
        this.tasks = tasks;
        this.transactions = transactions;
    }

    /**
     * How the task keeps its source still while it copies: a stopped VM's disk is held with the VM's disk lock (so
     * the VM neither powers on nor changes its chain); a template's files are read-only for good and need nothing.
     */
    @FunctionalInterface
    public interface SourceHold {
        SourceHold NONE = IoWork::run;

        void around(IoWork copy) throws IOException;
    }

    @FunctionalInterface
    public interface IoWork {
        void run() throws IOException;
    }

    /**
     * Queues the task that flattens the chain topped by {@code source} (kept still by {@code hold} while it runs)
     * into a new image of {@code team} (shared if null).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Task make(String name, Team team, Datastore datastore, Path source, String from, SourceHold hold) {
        if (images.exists(name)) {
            throw new InvalidFieldException("name", "An image named " + name + " already exists");
        }
        Path file = datastore.directory().resolve(ImageService.FOLDER).resolve(name + ".qcow2");
        if (Files.exists(file) || occupancy.overlapsOwned(file)) {
            throw new InvalidFieldException("name", "Datastore " + datastore.getName() + " already holds a file "
                    + ImageService.FOLDER + "/" + file.getFileName() + "; choose another name");
        }
        long bytes = measure(source, datastore);
        if (team != null) {
            quotas.ensureRoom(team.getId(), new Resources(0, 0, (bytes + GIB - 1) / GIB, 0));
        }
        datastores.ensureRoom(datastore, bytes, "Image " + name);
        return tasks.submit(new TaskSpec("image.create", "Make image " + name + " from " + from,
                team == null ? null : team.getId(), "Image", null), progress -> hold.around(() -> write(name, team,
                datastore, source, file, progress)));
    }

    private void write(String name, Team team, Datastore datastore, Path source, Path file, TaskProgress progress)
            throws IOException {
        progress.report(5);
        Files.createDirectories(file.getParent());
        try {
            disks.flatten(source, file);
            progress.report(95);
            Image image = transactions.execute(status -> {
                try {
                    return images.recordDisk(name, team, datastore, file);
                } catch (IOException e) {
                    throw new IllegalStateException("Image " + name + " was written but cannot be read: " + e, e);
                }
            });
            progress.made(image.getId());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private long measure(Path source, Datastore datastore) {
        try {
            return disks.chainBytes(source, datastore.directory());
        } catch (IOException e) {
            throw new ConflictException("Disk unreadable", "Cannot read the disk to copy, " + source.getFileName()
                    + ": " + e.getMessage());
        }
    }
}
