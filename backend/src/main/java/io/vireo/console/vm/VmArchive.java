package io.vireo.console.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.InvalidFieldException;

/**
 * A VM's folder as one tar file, to keep as a backup and bring back by registering it: the archive holds
 * exactly the folder's files, so a restored VM has its disks, snapshots and configuration. The VM is kept
 * off while its archive is written. Restoring reads only plain VM file names, so a crafted archive cannot
 * write anywhere but into a new folder of its own.
 */
@Service
public class VmArchive {
    /** Stays busy between {@link #begin} and {@link #end}; the files to stream are what begin found. */
    public record Download(String fileName, List<Path> files) {
    }

    private final VmFileHold hold;
    private final VmFileSet fileSet;
    private final RegisteredFolders folders;
    private final VmRegistration registration;
    private final VmConfigFile configFile;
    private final DatastoreService datastores;

    VmArchive(VmFileHold hold, VmFileSet fileSet, RegisteredFolders folders, VmRegistration registration,
            VmConfigFile configFile, DatastoreService datastores) {
        this.hold = hold;
        this.fileSet = fileSet;
        this.folders = folders;
        this.registration = registration;
        this.configFile = configFile;
        this.datastores = datastores;
    }

    @Audited(action = "vm.backup", target = "VM")
    @Transactional
    public Download begin(Long vmId) {
        Vm vm = hold.take(vmId, "backing up");
        List<Path> files = fileSet.of(vm, "backing up VM " + vm.getName()).stream()
                .filter(f -> VmFileSet.isVmFile(f.getFileName().toString())).toList();
        return new Download(vm.getName() + ".vireo.tar", files);
    }

    public void end(Long vmId) {
        hold.release(vmId);
    }

    /** Writes the files {@link #begin} found as a POSIX tar: large disks and long names need its extensions. */
    public static void write(Download download, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Path file : download.files()) {
            TarArchiveEntry entry = new TarArchiveEntry(file.getFileName().toString());
            entry.setSize(Files.size(file));
            entry.setModTime(Files.getLastModifiedTime(file));
            tar.putArchiveEntry(entry);
            Files.copy(file, tar);
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    /**
     * Unpacks a backup into a new folder of the datastore and registers it for the team. Any refusal (a bad
     * entry, no room, a {@code vm.conf} registration rejects) removes the folder again: nothing is left behind.
     */
    @Audited(action = "vm.restore", target = "VM")
    public VmView restore(InputStream archive, Long teamId, Long datastoreId) {
        Datastore datastore = folders.permitted(teamId, datastoreId).datastore();
        String folderName = "restore-" + UUID.randomUUID();
        Path folder = datastore.directory().resolve(folderName);
        try {
            unpack(archive, folder, datastore);
            return registration.register(new RegisterRequest(datastore.getId(), folderName, teamId));
        } catch (IOException | RuntimeException e) {
            try {
                configFile.removeDirectory(folder);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException io) {
                throw new InvalidFieldException("file", "The backup cannot be read: " + io.getMessage());
            }
            throw (RuntimeException) e;
        }
    }

    private void unpack(InputStream archive, Path folder, Datastore datastore) throws IOException {
        Files.createDirectory(folder);
        Set<String> seen = new HashSet<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(archive);
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            String name = entry.getName();
            if (!entry.isFile() || !VmFileSet.isVmFile(name) || !seen.add(name)) {
                throw new InvalidFieldException("file", "The backup holds \"" + abbreviate(name) + "\", which is not"
                        + " a file of a VM folder (vm.conf, serial logs, disk files), or holds"
                        + " it twice");
            }
            datastores.ensureRoom(datastore, entry.getSize(), "Restoring " + name);
            Files.copy(tar, folder.resolve(name));
        }
        if (!seen.contains(VmConfigFile.FILE_NAME)) {
            throw new InvalidFieldException("file", "The backup holds no " + VmConfigFile.FILE_NAME
                    + ": it is not a Vireo VM backup");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
