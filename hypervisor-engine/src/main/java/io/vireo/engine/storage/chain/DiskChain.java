package io.vireo.engine.storage.chain;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.qcow2.Qcow2Image;
import io.vireo.engine.storage.raw.RawImage;
import io.vireo.engine.storage.vmdk.Vmdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens a disk chain: the top image (writable unless asked otherwise) and its backing images, all
 * read-only. Relative backing names resolve against the directory of the image naming them; loops,
 * chains deeper than {@link #MAX_DEPTH} and, under a {@link Confinement}, images outside its root are
 * refused before anything is read from them.
 */
public final class DiskChain {
    public static final int MAX_DEPTH = 64;

    private DiskChain() {
    }

    /** Opens the chain topped by {@code top}, probing its format. The result is the guest's disk. */
    public static DiskImage open(Path top, boolean readOnly) throws IOException {
        return open(top, Optional.empty(), readOnly);
    }

    public static DiskImage open(Path top, Optional<ImageFormat> format, boolean readOnly) throws IOException {
        return open(top, format, readOnly, Confinement.NONE);
    }

    /** Opens the chain topped by {@code top}, refusing any of its images that lies outside {@code root}. */
    public static DiskImage open(Path top, Optional<ImageFormat> format, boolean readOnly, Path root)
            throws IOException {
        return open(top, format, readOnly, Confinement.within(root));
    }

    static DiskImage open(Path top, Optional<ImageFormat> format, boolean readOnly, Confinement confinement)
            throws IOException {
        confinement.admit(top, Optional.empty());
        return openLink(top, format, readOnly, new HashSet<>(), 0, confinement);
    }

    /** The images of a chain, top first. */
    public static List<DiskImage> layers(DiskImage top) {
        List<DiskImage> list = new ArrayList<>();
        for (Optional<DiskImage> i = Optional.of(top); i.isPresent(); i = i.get().backing()) {
            list.add(i.get());
        }
        return list;
    }

    /** Where a backing name written in {@code image} points. */
    public static Path resolveBacking(Path image, String backingName) {
        Path named = Path.of(backingName);
        if (named.isAbsolute()) {
            return named.normalize();
        }
        Path dir = image.toAbsolutePath().getParent();
        return dir.resolve(named).normalize();
    }

    /** The image {@code path} names as its backing file (a qcow2 backing file, a VMDK delta's parent). */
    private static DiskImage openBacking(Path path, String name, Optional<ImageFormat> format, Set<Path> seen,
            int depth, Confinement confinement) throws IOException {
        Path backing = resolveBacking(path, name);
        confinement.admit(backing, Optional.of(path));
        return openLink(backing, format, true, seen, depth + 1, confinement);
    }

    private static DiskImage openLink(Path path, Optional<ImageFormat> declared, boolean readOnly, Set<Path> seen,
            int depth, Confinement confinement) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new ImageException(path + ": backing chain is deeper than " + MAX_DEPTH + " images");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ImageException(path + ": no such image file", e);
        }
        if (!Files.isRegularFile(real)) {
            throw new ImageException(path + " is not a regular file");
        }
        if (!seen.add(real)) {
            throw new ImageException(path + ": backing chain loops back to " + real);
        }
        ImageFormat format = declared.isPresent() ? declared.get() : ImageFormat.probe(real);
        return switch (format) {
            case RAW -> RawImage.open(path, readOnly);
            case VMDK -> Vmdk.open(path, readOnly, name -> openBacking(path, name, Optional.empty(), seen, depth,
                    confinement));
            case QCOW2 -> Qcow2Image.open(path, readOnly, (name, fmt) -> openBacking(path, name, fmt, seen, depth,
                    confinement));
        };
    }
}
