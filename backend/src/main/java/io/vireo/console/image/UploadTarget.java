package io.vireo.console.image;

import java.nio.file.Path;
import java.util.Optional;

import io.vireo.console.datastore.Datastore;

/**
 * Where the image's files go: {@code images/<name>.qcow2}, an ISO image as it came to {@code images/<name>.iso}, or a
 * kernel and its initramfs as they came.
 */
record UploadTarget(ImageKind kind, String name, Path file, Optional<Path> initrd) {
    static UploadTarget of(ImageKind kind, String name, Datastore datastore, boolean withInitrd) {
        Path folder = datastore.directory().resolve(ImageService.FOLDER);
        if (kind == ImageKind.DISK) {
            return new UploadTarget(kind, name, folder.resolve(name + ".qcow2"), Optional.empty());
        }
        if (kind == ImageKind.ISO) {
            return new UploadTarget(kind, name, folder.resolve(name + ".iso"), Optional.empty());
        }
        return new UploadTarget(kind, name, folder.resolve(name + ".kernel"),
                withInitrd ? Optional.of(folder.resolve(name + ".initrd")) : Optional.empty());
    }
}
