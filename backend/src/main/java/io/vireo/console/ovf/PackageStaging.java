package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.springframework.stereotype.Component;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreService;

/**
 * Writes a package's files into a new staging folder of the datastore: an OVA's tar entries (GNU and PAX size records
 * included, so disks over 8 GiB come through), or the uploaded parts of an OVF folder. Every name is checked before
 * its file is made, every size against the datastore's free space before a byte is written (runs of zeros are left as
 * holes: {@link SparseCopy}), and anything that goes wrong removes the folder again.
 */
@Component
class PackageStaging {
    static final int MAX_FILES = 64;
    static final String FOLDER_PREFIX = ".import-";

    private final DatastoreService datastores;

    PackageStaging(DatastoreService datastores) {
        this.datastores = datastores;
    }

    /** One upload part: its name as the browser sent it, its size and its bytes. */
    interface Part {
        String name();

        long size();

        InputStream open() throws IOException;
    }

    StagedPackage unpackOva(InputStream ova, Datastore datastore) throws OvfException, IOException {
        StagedPackage staged = create(datastore);
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(ova);
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                if (entry.isDirectory() && name.isEmpty()) {
                    continue;
                }
                if (!entry.isFile()) {
                    throw new OvfException("The archive holds " + OvfUnits.abbreviate(name) + ", which is not a plain"
                            + " file");
                }
                add(staged, datastore, name, entry.getSize(), tar);
            }
            if (staged.names().isEmpty()) {
                throw new OvfException("The archive is empty or not a tar file (an OVA is a tar of the package)");
            }
            return staged;
        } catch (OvfException | IOException | RuntimeException e) {
            staged.remove();
            if (e instanceof IOException io && !(e instanceof FileSystemException)) {
                throw new OvfException("The archive is truncated or damaged: " + io.getMessage());
            }
            throw e;
        }
    }

    StagedPackage saveParts(List<? extends Part> parts, Datastore datastore) throws OvfException, IOException {
        StagedPackage staged = create(datastore);
        try {
            for (Part part : parts) {
                try (InputStream in = part.open()) {
                    add(staged, datastore, part.name(), part.size(), in);
                }
            }
            return staged;
        } catch (OvfException | IOException | RuntimeException e) {
            staged.remove();
            throw e;
        }
    }

    private static StagedPackage create(Datastore datastore) throws IOException {
        Path folder = datastore.directory().resolve(FOLDER_PREFIX + UUID.randomUUID());
        Files.createDirectories(folder);
        return new StagedPackage(folder, new LinkedHashSet<>());
    }

    private void add(StagedPackage staged, Datastore datastore, String name, long size, InputStream in)
            throws OvfException, IOException {
        PackageNames.check(name);
        Set<String> names = staged.names();
        if (!names.add(name)) {
            throw new OvfException("The package holds " + name + " twice");
        }
        if (names.size() > MAX_FILES) {
            throw new OvfException("The package holds more than " + MAX_FILES + " files; no VM has that many");
        }
        if (size < 0) {
            throw new OvfException("The size of " + name + " is not known");
        }
        datastores.ensureRoom(datastore, size, "Importing " + name);
        Path file = staged.file(name);
        long written = SparseCopy.copy(in, file, size);
        if (written != size) {
            throw new OvfException(name + " ends after " + written + " of its " + size + " bytes: the package is"
                    + " truncated");
        }
    }
}
