package io.vireo.console.engine;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;

/**
 * The console's disk files, made and changed with the engine's own image code (qcow2 that QEMU reads too): new
 * disks, and the chain operations behind snapshots (overlay, rebase, flatten).
 */
@Component
public class DiskImages {

    /** A thin qcow2 disk of {@code sizeBytes}: it takes almost no space until the guest writes. */
    public void createQcow2(Path file, long sizeBytes) throws IOException {
        ChainOperations.create(file, ImageFormat.QCOW2, sizeBytes, Optional.empty());
    }

    /** A new, empty qcow2 delta over {@code base}, which is never written again while the delta stands on it. */
    public void createOverlay(Path base, Path overlay) throws IOException {
        if (Files.exists(overlay)) {
            throw new FileAlreadyExistsException(overlay.toString());
        }
        ChainOperations.createOverlay(base, overlay);
    }

    /**
     * Points {@code image} at {@code newBacking} (or at nothing), first copying into it what differs, so it reads
     * as before.
     */
    public void rebase(Path image, Optional<Path> newBacking) throws IOException {
        ChainOperations.rebase(image, newBacking);
    }

    /** The whole chain topped by {@code top} as one standalone qcow2 file. */
    public void flatten(Path top, Path dest) throws IOException {
        if (Files.exists(dest)) {
            throw new FileAlreadyExistsException(dest.toString());
        }
        ChainOperations.flatten(top, dest, ImageFormat.QCOW2);
    }

    /** The files of the chain topped by {@code top}, top first, with the room each takes. */
    public List<ChainFile> chain(Path top) throws IOException {
        return ChainOperations.info(top).stream().map(i -> new ChainFile(i.path(), i.fileSize())).toList();
    }

    /** The file {@code image} reads through, if any. */
    public Optional<Path> backing(Path image) throws IOException {
        List<ChainFile> chain = chain(image);
        return chain.size() < 2 ? Optional.empty() : Optional.of(chain.get(1).file());
    }

    /** One file of a disk chain and its size on disk. */
    public record ChainFile(Path file, long sizeBytes) {
    }
}
