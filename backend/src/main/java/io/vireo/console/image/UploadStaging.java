package io.vireo.console.image;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

import io.vireo.console.datastore.BoundedWrite;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.engine.KernelFiles;

/**
 * An upload's staging folder in the datastore ({@code .upload-<uuid>}): its parts written there, a disk unpacked on
 * the way when it is gzip-compressed, and what was written checked before anything becomes an image: a disk the
 * engine reads, standing alone, of a believable size; a RISC-V kernel.
 */
@Component
class UploadStaging {
    static final String PREFIX = ".upload-";
    /** Far beyond any disk an upload brings; a header claiming more is lying. */
    static final long MAX_VIRTUAL_BYTES = 64L << 40;
    private static final int SECTOR = 512;

    private final DiskImages disks;
    private final KernelFiles kernels;
    private final ImageUploadLimits limits;

    UploadStaging(DiskImages disks, KernelFiles kernels, ImageUploadLimits limits) {
        this.disks = disks;
        this.kernels = kernels;
        this.limits = limits;
    }

    /** A new staging folder's place in the datastore; {@link #stage} makes it. */
    static Path folderIn(Datastore datastore) {
        return datastore.directory().resolve(PREFIX + UUID.randomUUID());
    }

    /**
     * Writes the part into {@code folder}: as sent, never past the size the request announced, or (a disk) unpacked
     * when it is gzip-compressed, never past the upload limit. The datastore's free room is watched as it grows.
     * Answers the staged file, named as the part was.
     */
    Path stage(MultipartFile part, Path folder, String field, boolean unpack) throws IOException {
        String name = part.getOriginalFilename();
        Files.createDirectories(folder);
        Path target = folder.resolve(name);
        try (InputStream in = new BufferedInputStream(part.getInputStream(), 1 << 16)) {
            in.mark(2);
            boolean gzip = unpack && in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            if (gzip) {
                BoundedWrite.copy(new GZIPInputStream(in, 1 << 16), target, limits.maxBytes());
            } else if (BoundedWrite.copy(in, target, part.getSize()) != part.getSize()) {
                throw new InvalidFieldException(field, name + " ended before the " + part.getSize() + " bytes the"
                        + " upload announced");
            }
            if (Files.size(target) == 0) {
                throw new InvalidFieldException(field, name + " holds nothing");
            }
            return target;
        } catch (BoundedWrite.TooLong e) {
            throw new InvalidFieldException(field, name + " unpacks to more than the " + mib(limits.maxBytes())
                    + " MiB an upload may be");
        } catch (BoundedWrite.NoRoom e) {
            throw new InvalidFieldException(field, "The datastore filled up while " + name + " was written; nothing"
                    + " was kept");
        } catch (ZipException | EOFException e) {
            throw new InvalidFieldException(field, name + " is not a whole gzip file: " + e.getMessage());
        }
    }

    void checkDisk(Path staged, String fileName) {
        try {
            if (disks.isVmdkDescriptor(staged)) {
                throw new InvalidFieldException("file", fileName + " is a VMDK text descriptor: the disk's data lies"
                        + " in the extent files it names. Upload the disk as one file (qcow2, raw, or a"
                        + " monolithicSparse or streamOptimized VMDK), or import the OVF package with its extents");
            }
            DiskImages.Inspection inspection = disks.inspect(staged, staged.getParent());
            if (inspection.hasBacking()) {
                throw new InvalidFieldException("file", fileName + " reads through a backing file; upload a"
                        + " standalone image (flatten it first)");
            }
            if (inspection.virtualSize() > MAX_VIRTUAL_BYTES) {
                throw new InvalidFieldException("file", fileName + " claims a disk of " + inspection.virtualSize()
                        + " bytes, more than the " + (MAX_VIRTUAL_BYTES >> 40) + " TiB Vireo takes");
            }
            switch (inspection.format()) {
                case "qcow2" -> {
                    List<String> problems = disks.problems(staged);
                    if (!problems.isEmpty()) {
                        throw new InvalidFieldException("file", fileName + " is a damaged qcow2: "
                                + String.join("; ", problems));
                    }
                }
                case "raw" -> {
                    if (inspection.fileSize() % SECTOR != 0) {
                        throw new InvalidFieldException("file", fileName + " is not a qcow2 or VMDK image, and its "
                                + inspection.fileSize() + " bytes are not whole 512-byte sectors, as a raw disk's"
                                + " are");
                    }
                }
                default -> {
                    // a one-file VMDK the engine opened and read the tables of
                }
            }
        } catch (IOException e) {
            throw new InvalidFieldException("file", fileName + " is not a disk image the engine reads: "
                    + withoutFolder(e, staged.getParent()));
        }
    }

    void checkKernel(Path staged) {
        try {
            kernels.check(staged);
        } catch (IOException e) {
            throw new InvalidFieldException("file", withoutFolder(e, staged.getParent()));
        }
    }

    /** The engine's words about a staged file, naming it as the user did rather than where it is staged. */
    private static String withoutFolder(IOException e, Path folder) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace(folder.toAbsolutePath() + "/", "").replace(folder + "/", "");
    }

    static void remove(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void removeQuietly(Path folder, Exception cause) {
        try {
            remove(folder);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
