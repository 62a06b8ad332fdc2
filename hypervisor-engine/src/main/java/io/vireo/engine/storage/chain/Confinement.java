package io.vireo.engine.storage.chain;

import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the images of a chain may live: anywhere (the command line, tests), or under one directory (a
 * datastore). A qcow2 header names its backing file, and whoever wrote the header (a guest that wrote
 * into a raw disk later probed as qcow2, an uploaded image) chooses that name; under a root, a name that
 * leads outside it, by {@code ..}, an absolute path or a symbolic link, is refused before the file is
 * opened or even looked at.
 */
public final class Confinement {
    /** No confinement: images may be anywhere the process can read. */
    public static final Confinement NONE = new Confinement(Optional.empty(), Optional.empty());

    private final Optional<Path> root;
    private final Optional<Path> realRoot;

    private Confinement(Optional<Path> root, Optional<Path> realRoot) {
        this.root = root;
        this.realRoot = realRoot;
    }

    /** Images must lie under {@code root} (an existing directory), after following every symbolic link. */
    public static Confinement within(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new ImageException(root + " is not a directory to confine disk images to");
        }
        return new Confinement(Optional.of(root), Optional.of(root.toRealPath()));
    }

    /**
     * Refuses {@code image} unless it lies under the root once every symbolic link is followed (for a
     * file yet to be created: its folder's real path). A backing name a header chose is first checked as
     * written, normalised, so one that points outside is refused before that file is even looked at.
     *
     * @param namedBy the image whose header names {@code image} as its backing
     */
    void admit(Path image, Optional<Path> namedBy) throws IOException {
        if (realRoot.isEmpty()) {
            return;
        }
        Path absolute = image.toAbsolutePath().normalize();
        if (namedBy.isPresent() && !absolute.startsWith(root.get().toAbsolutePath().normalize())
                && !absolute.startsWith(realRoot.get())) {
            throw refused(image, absolute, namedBy);
        }
        Path real = Files.exists(image, LinkOption.NOFOLLOW_LINKS) ? image.toRealPath()
                : realFolder(image).resolve(absolute.getFileName());
        if (!real.startsWith(realRoot.get())) {
            throw refused(image, real, namedBy);
        }
    }

    private static Path realFolder(Path image) throws IOException {
        Path parent = image.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("/") : parent.toRealPath();
    }

    private ImageException refused(Path image, Path resolved, Optional<Path> namedBy) {
        String what = namedBy.map(n -> n + " names the backing file " + image + ", which")
                .orElse(image.toString());
        return new ImageException(what + " resolves to " + resolved + ", outside " + root.get()
                + ", the only folder its disk chain may use");
    }
}
