package io.vireo.console.hosts.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A folder of this console run's own (0700, under {@code vireo.secrets.runtime-dir}, by default the system's temporary
 * folder) holding the credentials opened for programs that want a file, such as {@code ssh -i}: each file 0600,
 * everything removed when the console stops.
 */
@Component
public class RuntimeFolder implements DisposableBean {
    private final Path parent;
    private Path folder;

    public RuntimeFolder(@Value("${vireo.secrets.runtime-dir:${java.io.tmpdir}}") Path parent) {
        this.parent = parent;
    }

    /** Writes {@code content} to a file of that name only the console's user may read; answers its path. */
    public synchronized Path write(String fileName, byte[] content) {
        try {
            Path file = folder().resolve(fileName);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + fileName + " in the console's runtime folder", e);
        }
    }

    /** The folder, made on first use. */
    public synchronized Path folder() {
        if (folder == null) {
            try {
                Files.createDirectories(parent);
                folder = Files.createTempDirectory(parent, "vireo-run-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot make the console's runtime folder in " + parent, e);
            }
        }
        return folder;
    }

    @Override
    public synchronized void destroy() throws IOException {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        folder = null;
    }
}
