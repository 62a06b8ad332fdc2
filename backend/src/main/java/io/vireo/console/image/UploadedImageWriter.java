package io.vireo.console.image;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.task.TaskProgress;
import io.vireo.console.team.Team;

/**
 * An upload task's work: the staged disk converted into {@code images/<name>.qcow2} with its progress (an ISO image,
 * or a kernel and its initramfs, moved beside it as they are), then the image recorded and named as the task's
 * target. What it wrote is removed again when anything fails or the task is cancelled.
 */
@Component
class UploadedImageWriter {

    private final ImageService images;
    private final DiskImages disks;
    private final TransactionTemplate transactions;

    UploadedImageWriter(ImageService images, DiskImages disks, TransactionTemplate transactions) {
        this.images = images;
        this.disks = disks;
        this.transactions = transactions;
    }

    /** The task's work: the image's files in place, then its row; a failure removes what it wrote. */
    void write(UploadTarget target, Team team, Datastore datastore, Path staged, Optional<Path> stagedInitrd,
            String commandLine, TaskProgress progress) throws IOException {
        progress.report(2);
        Files.createDirectories(target.file().getParent());
        List<Path> written = new ArrayList<>();
        try {
            if (target.kind() == ImageKind.DISK) {
                convert(staged, target.file(), written, percent(progress, 5, 95));
                Image image = transactions.execute(status -> record(() -> images.recordDisk(target.name(), team,
                        datastore, target.file())));
                progress.made(image.getId());
            } else if (target.kind() == ImageKind.ISO) {
                move(staged, target.file(), written);
                Image image = transactions.execute(status -> record(() -> images.recordIso(target.name(), team,
                        datastore, target.file())));
                progress.made(image.getId());
            } else {
                move(staged, target.file(), written);
                if (stagedInitrd.isPresent()) {
                    move(stagedInitrd.get(), target.initrd().orElseThrow(), written);
                }
                Image image = transactions.execute(status -> record(() -> images.recordKernel(target.name(),
                        datastore, target.file(), target.initrd(), commandLine)));
                progress.made(image.getId());
            }
            progress.report(99);
        } catch (IOException | RuntimeException e) {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
    }

    private void convert(Path staged, Path dest, List<Path> written, DoubleConsumer done) throws IOException {
        if (Files.exists(dest)) {
            throw new FileAlreadyExistsException(dest.getFileName() + " appeared in the datastore meanwhile");
        }
        written.add(dest);
        try {
            disks.flatten(staged, dest, done);
        } catch (FileAlreadyExistsException e) {
            written.remove(dest);
            throw e;
        }
    }

    private static void move(Path from, Path to, List<Path> written) throws IOException {
        Files.move(from, to);
        written.add(to);
    }

    @FunctionalInterface
    private interface Recording {
        Image run() throws IOException;
    }

    private static Image record(Recording recording) {
        try {
            return recording.run();
        } catch (IOException e) {
            throw new IllegalStateException("The image was written but cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reports {@code from}..{@code to} percent as a fraction grows, only when the percentage does. */
    private static DoubleConsumer percent(TaskProgress progress, int from, int to) {
        int[] last = {-1};
        return fraction -> {
            int p = from + (int) ((to - from) * Math.min(1, fraction));
            if (p > last[0]) {
                last[0] = p;
                progress.report(p);
            }
        };
    }
}
