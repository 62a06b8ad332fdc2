package io.vireo.console.ovf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.springframework.stereotype.Service;

import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.task.Task;

/**
 * OVA files kept in a datastore, as the appliance catalog keeps its packages: what one describes, read from its
 * descriptor alone, and its import as a VM of a team, which is the import of an uploaded OVA ({@link PackageImports})
 * reading the kept file, with every check that import makes.
 */
@Service
public class StoredPackages {
    private static final long GIB = 1L << 30;

    private final PackageImports imports;

    StoredPackages(PackageImports imports) {
        this.imports = imports;
    }

    /** The VM an OVA describes, as a catalog shows it; {@code license} when it asks for its EULA to be accepted. */
    public record Summary(String name, String description, int vcpus, long memoryMib, long diskGib,
            boolean license) {
    }

    /**
     * Reads the descriptor, which an OVA holds first; the disks and the manifest are checked when it is imported.
     * A file that is no OVA, or whose descriptor Vireo cannot import, is refused with the reason ({@code field}).
     */
    public Summary summary(Path ova, String field) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(ova))) {
            TarArchiveEntry first = tar.getNextEntry();
            if (first == null || !first.getName().toLowerCase(Locale.ROOT).endsWith(".ovf")) {
                throw new InvalidFieldException(field, ova.getFileName() + " is not an OVA: a tar whose first file is"
                        + " the .ovf descriptor");
            }
            if (first.getSize() > OvfReading.MAX_DESCRIPTOR_BYTES) {
                throw new InvalidFieldException(field, "Its descriptor is larger than "
                        + (OvfReading.MAX_DESCRIPTOR_BYTES >> 20) + " MiB; no OVF descriptor is that long");
            }
            OvfPackage ovf = OvfDescriptor.read(tar);
            // A collection is deployed whole; the catalog shows its first VM.
            PackagedVm system = ovf.systems().getFirst();
            long disk = system.disks().stream().mapToLong(PackagedVm.Disk::capacityBytes).sum();
            return new Summary(system.name(), system.description(), system.vcpus(), system.memoryMib(),
                    Math.max(1, (disk + GIB - 1) / GIB), ovf.eula().isPresent());
        } catch (OvfException e) {
            throw new InvalidFieldException(field, e.getMessage());
        } catch (IOException e) {
            throw new InvalidFieldException(field, ova.getFileName() + " cannot be read as an OVA: " + e.getMessage());
        }
    }

    /** Imports the kept OVA as a VM of the team, as {@code POST /api/v1/imports} does with an uploaded one. */
    public Task importAsVm(Path ova, Long teamId, Long datastoreId, boolean acceptEula) {
        return imports.importPackage(List.of(new DatastoreFile(ova)), new PackageImports.Options(teamId, datastoreId,
                Map.of(), acceptEula, false));
    }
}
