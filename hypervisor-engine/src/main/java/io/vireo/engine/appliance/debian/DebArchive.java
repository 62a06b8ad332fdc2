package io.vireo.engine.appliance.debian;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Streams the file tree of a .deb ({@code ar} archive holding {@code data.tar.xz} or
 * {@code .gz}) entry by entry, so a 100 MiB package is read without holding it in memory.
 */
public final class DebArchive {
    /** Bounds the decoder's dictionary: Debian's xz presets need at most 64 MiB; a hostile header gets an error. */
    public static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;

    /** Receives each entry of the package's data tree; {@code content} is readable only during the call. */
    @FunctionalInterface
    public interface EntryVisitor {
        /** @param path the entry's path without the leading {@code ./}, e.g. {@code usr/bin/busybox} */
        void visit(String path, TarArchiveEntry entry, InputStream content) throws IOException;
    }

    private DebArchive() {
    }

    public static void readData(Path deb, EntryVisitor visitor) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(deb), 1 << 16);
             ArArchiveInputStream ar = new ArArchiveInputStream(file)) {
            ArArchiveEntry member;
            while ((member = ar.getNextEntry()) != null) {
                String name = member.getName();
                if (name.startsWith("data.tar")) {
                    readTar(decompressor(deb, name, ar), visitor);
                    return;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(deb.getFileName() + " is not a readable .deb: " + e.getMessage(), e);
        }
        throw new IOException(deb.getFileName() + " has no data.tar member");
    }

    private static InputStream decompressor(Path deb, String member, InputStream in) throws IOException {
        return switch (member) {
            case "data.tar.xz" -> new XZInputStream(in, XZ_MEMORY_LIMIT_KIB);
            case "data.tar.gz" -> new GZIPInputStream(in);
            case "data.tar" -> in;
            default -> throw new IOException(deb.getFileName() + ": " + member + " is compressed in a format Vireo does not read");
        };
    }

    private static void readTar(InputStream data, EntryVisitor visitor) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(data);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String path = entry.getName();
            if (path.startsWith("./")) {
                path = path.substring(2);
            }
            visitor.visit(path, entry, tar);
        }
    }
}
