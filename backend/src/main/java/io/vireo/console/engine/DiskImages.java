package io.vireo.console.engine;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;

import org.springframework.stereotype.Component;

import io.vireo.engine.storage.CheckReport;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.ImageInfo;
import io.vireo.engine.storage.vmdk.VmdkExtents;

/**
 * The console's disk files, made, changed and looked at with the engine's own image code (qcow2 that QEMU reads
 * too): new disks, the chain operations behind snapshots and copies (overlay, rebase, flatten), and what a file is
 * before the console takes or copies it.
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

    /**
     * The chain topped by {@code top} (every file of it under {@code root}) as a new streamOptimized VMDK, the disk
     * format of OVF packages; answers the disk's virtual size in bytes.
     */
    public long exportStreamOptimized(Path top, Path dest, Path root) throws IOException {
        ChainOperations.flatten(top, dest, ImageFormat.VMDK, root);
        return ChainOperations.info(dest).getFirst().virtualSize();
    }

    /**
     * As {@link #flatten(Path, Path, DoubleConsumer)}, for a package's disk: a VMDK descriptor is read with the
     * extent files it names beside it (see {@link #inspectPackaged}).
     */
    public void flattenPackaged(Path disk, Path dest, DoubleConsumer done) throws IOException {
        if (Files.exists(dest)) {
            throw new FileAlreadyExistsException(dest.toString());
        }
        ImageFormat format = ImageFormat.probePackaged(disk);
        long size = ChainOperations.info(disk, format, disk.toAbsolutePath().getParent()).getFirst().virtualSize();
        ChainOperations.flatten(disk, format, dest, ImageFormat.QCOW2,
                bytes -> done.accept(size == 0 ? 1 : (double) bytes / size));
    }

    /** As {@link #flatten(Path, Path)}, telling {@code done} the fraction (0 to 1) of the disk copied so far. */
    public void flatten(Path top, Path dest, DoubleConsumer done) throws IOException {
        if (Files.exists(dest)) {
            throw new FileAlreadyExistsException(dest.toString());
        }
        long size = ChainOperations.info(top).getFirst().virtualSize();
        ChainOperations.flatten(top, dest, ImageFormat.QCOW2, bytes -> done.accept(size == 0 ? 1 : (double) bytes / size));
    }

    /** The extent files beside {@code vmdk} that it reads (a monolithicFlat or split VMDK); none for other files. */
    public List<Path> vmdkExtents(Path vmdk) throws IOException {
        return VmdkExtents.extentFiles(vmdk);
    }

    /**
     * Whether the file is a VMDK's text descriptor, which is a disk only together with the extent files it names
     * beside it (an OVF package brings them; a single uploaded file cannot).
     */
    public boolean isVmdkDescriptor(Path file) throws IOException {
        return VmdkExtents.isDescriptor(file);
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

    /**
     * Reads the file's header and its chain; a file the engine cannot open, or whose chain leaves {@code root} (its
     * datastore), throws. A VMDK text descriptor is no disk here: it reads as the raw bytes it is.
     */
    public Inspection inspect(Path file, Path root) throws IOException {
        return inspection(ChainOperations.info(file, root));
    }

    /**
     * As {@link #inspect}, for a disk that came in a package with the extent files its VMDK descriptor names beside
     * it: the descriptor is read as the disk it describes. {@code fileSize} counts the extents too.
     */
    public Inspection inspectPackaged(Path file, Path root) throws IOException {
        return inspection(ChainOperations.info(file, ImageFormat.probePackaged(file), root));
    }

    private static Inspection inspection(List<ImageInfo> chain) {
        ImageInfo top = chain.getFirst();
        long fileSize = top.format() == ImageFormat.VMDK ? top.storedBytes() : top.fileSize();
        return new Inspection(top.format().qemuName(), top.virtualSize(), fileSize, chain.size());
    }

    /**
     * The bytes the chain topped by {@code top} takes, every file of it measured and confined to {@code root}: the
     * most a flattened copy of it can need (less when layers overwrite each other or hold zeros).
     */
    public long chainBytes(Path top, Path root) throws IOException {
        return ChainOperations.info(top, root).stream().mapToLong(ImageInfo::fileSize).sum();
    }

    /** The problems {@code qemu-img check} would report of the file's metadata; empty when it is sound. */
    public List<String> problems(Path file) throws IOException {
        CheckReport report = ChainOperations.check(file);
        return report.corrupt() ? report.problems() : List.of();
    }

    /** One file of a disk chain and its size on disk. */
    public record ChainFile(Path file, long sizeBytes) {
    }

    /** One file as the engine reads it: its format, the size the guest sees, and whether it has a backing file. */
    /** A disk's header: its format, sizes, and how many files its chain has (1 when it stands alone). */
    public record Inspection(String format, long virtualSize, long fileSize, int layers) {
        public boolean hasBacking() {
            return layers > 1;
        }
    }
}
