package io.vireo.engine.appliance.debian;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * A guest's root file system being assembled in a host directory from the data trees of .deb packages, the way
 * {@code dpkg} lays them out: directories, files with their modes (set-user-ID bits included), symbolic and hard
 * links. Ownership is applied only when this process may change it (it runs as root); otherwise files keep the
 * host user, and the guest's own dpkg sets them right when it installs the packages again.
 *
 * <p>Every path is resolved as the guest would see it: a symbolic link met on the way (an absolute one, or
 * Debian's {@code /bin -> usr/bin}) is followed inside the root, never out of it, so a package cannot write to
 * the host. Device nodes and FIFOs are skipped: the guest's devtmpfs provides the devices.
 */
public final class RootTree {
    private static final int MAX_LINKS = 40;
    /** The merged-/usr layout every Debian release since bookworm has, made before any package is unpacked. */
    private static final List<String> MERGED_USR = List.of("bin", "sbin", "lib");

    private final Path root;
    private final boolean owns;

    private RootTree(Path root, boolean owns) {
        this.root = root;
        this.owns = owns;
    }

    /** An empty tree in {@code root} (created if missing) with the merged-/usr links. */
    public static RootTree create(Path root) throws IOException {
        Files.createDirectories(root);
        Files.setAttribute(root, "unix:mode", 0755);
        boolean owns = canChangeOwner(root);
        RootTree tree = new RootTree(root, owns);
        for (String directory : MERGED_USR) {
            Files.createDirectories(root.resolve("usr").resolve(directory));
            Files.createSymbolicLink(root.resolve(directory), Path.of("usr", directory));
        }
        return tree;
    }

    public Path root() {
        return root;
    }

    /** Whether files got the owners their packages name (this process may change owners), or stayed this user's. */
    public boolean ownsFiles() {
        return owns;
    }

    /** Unpacks the data tree of {@code deb}; a file a previous package placed at the same path is replaced. */
    public void unpack(Path deb) throws IOException {
        DebArchive.readData(deb, (path, entry, content) -> place(path, entry, content));
    }

    /** The host path of guest path {@code path} (relative or absolute), following links inside the root. */
    public Path resolve(String path) throws IOException {
        return resolve(path, true);
    }

    private void place(String path, TarArchiveEntry entry, InputStream content) throws IOException {
        String clean = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (clean.isEmpty() || clean.equals(".")) {
            return;
        }
        for (String part : clean.split("/")) {
            if (part.equals("..")) {
                throw new IOException("package entry " + path + " leaves the root");
            }
        }
        Path target = resolve(clean, false);
        if (!entry.isDirectory()) {
            Files.createDirectories(target.getParent());
        }
        if (entry.isDirectory()) {
            if (!Files.isDirectory(target)) {
                Files.deleteIfExists(target);
                Files.createDirectories(target);
            }
            if (!Files.isSymbolicLink(target)) {
                attributes(target, entry);
            }
        } else if (entry.isSymbolicLink()) {
            if (!removeForReplacement(target)) {
                return;
            }
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            owner(target, entry);
        } else if (entry.isLink()) {
            Path existing = resolve(entry.getLinkName().replaceFirst("^\\./", ""), false);
            if (removeForReplacement(target)) {
                Files.createLink(target, existing);
            }
        } else if (entry.isFile()) {
            if (!removeForReplacement(target)) {
                return;
            }
            Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
            attributes(target, entry);
        }
    }

    /** Clears the way for a non-directory; a directory with content stays (dpkg refuses that too), saying so. */
    private static boolean removeForReplacement(Path target) throws IOException {
        try {
            Files.deleteIfExists(target);
            return true;
        } catch (DirectoryNotEmptyException e) {
            return false;
        }
    }

    private void attributes(Path target, TarArchiveEntry entry) throws IOException {
        owner(target, entry);
        Files.setAttribute(target, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(target, FileTime.from(entry.getLastModifiedTime().toInstant()));
    }

    private void owner(Path target, TarArchiveEntry entry) throws IOException {
        if (owns) {
            Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * Walks {@code path} component by component from the root, following each symbolic link met (all of them,
     * or all but the last component's when {@code followLast} is false) as if the root were {@code /}.
     */
    private Path resolve(String path, boolean followLast) throws IOException {
        Deque<String> remaining = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                remaining.addLast(part);
            }
        }
        Path current = root;
        int links = 0;
        while (!remaining.isEmpty()) {
            String part = remaining.removeFirst();
            if (part.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            boolean last = remaining.isEmpty();
            if (Files.isSymbolicLink(next) && (!last || followLast)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many symbolic links resolving " + path);
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.startsWith("/")) {
                    current = root;
                }
                String[] parts = target.split("/");
                for (int i = parts.length - 1; i >= 0; i--) {
                    if (!parts[i].isEmpty() && !parts[i].equals(".")) {
                        remaining.addFirst(parts[i]);
                    }
                }
                continue;
            }
            current = next;
        }
        return current;
    }

    private static boolean canChangeOwner(Path root) {
        try {
            Files.setAttribute(root, "unix:uid", 0);
            Files.setAttribute(root, "unix:gid", 0);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
