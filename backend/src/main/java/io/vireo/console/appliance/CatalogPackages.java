package io.vireo.console.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.BoundedWrite;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreOccupancy;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.appliance.internal.CatalogPackageRepository;
import io.vireo.console.image.ImageName;
import io.vireo.console.ovf.StoredPackages;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.task.Task;
import io.vireo.console.team.TeamService;

/**
 * The catalog's OVA entries. An administrator adds an OVA, uploaded (kept as {@code appliances/<name>.ova} of the
 * datastore) or already in a datastore; its descriptor is read then for the catalog's title, description and shape.
 * Deploying the entry imports the package as a VM of the deploying team, with the OVF import's every check: the
 * team's right and quota, the datastore's grant and room, the manifest's digests, the disks.
 */
@Service
public class CatalogPackages {
    static final String FOLDER = "appliances";
    private static final String STAGING_PREFIX = ".upload-";

    private final CatalogPackageRepository packages;
    private final StoredPackages stored;
    private final DatastoreService datastores;
    private final DatastoreOccupancy occupancy;
    private final TeamService teams;
    private final AccessPolicy access;
    private final Clock clock;

    CatalogPackages(CatalogPackageRepository packages, StoredPackages stored, DatastoreService datastores,
            DatastoreOccupancy occupancy, TeamService teams, AccessPolicy access, Clock clock) {
        this.packages = packages;
        this.stored = stored;
        this.datastores = datastores;
        this.occupancy = occupancy;
        this.teams = teams;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<ApplianceView> views() {
        return packages.findAllWithDatastore().stream()
                .map(p -> new ApplianceView(p.entry(), null, null, null, p.hasLicense(), false)).toList();
    }

    /**
     * An uploaded OVA ({@code file}) or one in the datastore ({@code path} relative to it) as a catalog entry. The
     * file is written and read outside any transaction: only the entry's row is saved in one.
     */
    @Audited(action = "appliance.add", target = "Appliance")
    public CatalogPackage add(String name, MultipartFile file, Long datastoreId, String path) {
        access.requireAdmin();
        boolean upload = file != null && !file.isEmpty();
        if (upload == (path != null && !path.isBlank())) {
            throw new InvalidFieldException("file", "Send an .ova file, or name one in the datastore by its path");
        }
        Datastore datastore = datastoreId == null
                ? datastores.first().orElseThrow(() -> new InvalidFieldException("datastoreId", "No datastore exists"))
                : datastores.find(datastoreId).orElseThrow(() -> new InvalidFieldException("datastoreId",
                        "No such datastore"));
        String fileName = upload ? plainOva(file.getOriginalFilename(), "file") : plainOva(Path.of(path.strip())
                .getFileName().toString(), "path");
        String entryName = entryName(name, fileName);
        return upload ? addUpload(entryName, file, fileName, datastore) : addInPlace(entryName, path.strip(), datastore);
    }

    private CatalogPackage addUpload(String name, MultipartFile file, String fileName, Datastore datastore) {
        Path target = datastore.directory().resolve(FOLDER).resolve(name + ".ova");
        if (Files.exists(target)) {
            throw new InvalidFieldException("name", "The datastore already holds " + FOLDER + "/" + name
                    + ".ova; choose another name");
        }
        datastores.ensureRoom(datastore, file.getSize(), "Adding " + fileName + " to the catalog");
        Path staging = datastore.directory().resolve(STAGING_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            Path staged = staging.resolve(fileName);
            try (InputStream in = file.getInputStream()) {
                if (BoundedWrite.copy(in, staged, file.getSize()) != file.getSize()) {
                    throw new InvalidFieldException("file", fileName + " ended before the " + file.getSize()
                            + " bytes the upload announced");
                }
            }
            StoredPackages.Summary summary = stored.summary(staged, "file");
            Files.createDirectories(target.getParent());
            Files.move(staged, target);
            try {
                return packages.saveAndFlush(new CatalogPackage(entry(name, summary), summary.license(), datastore,
                        FOLDER + "/" + name + ".ova", true, clock.instant()));
            } catch (RuntimeException e) {
                Files.deleteIfExists(target);
                throw e;
            }
        } catch (IOException e) {
            throw new InvalidFieldException("file", fileName + " cannot be kept in datastore " + datastore.getName()
                    + ": " + e.getMessage());
        } finally {
            remove(staging);
        }
    }

    private CatalogPackage addInPlace(String name, String relative, Datastore datastore) {
        Path root = datastore.directory().toAbsolutePath().normalize();
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw new InvalidFieldException("path", "No file " + relative + " in datastore " + datastore.getName());
        }
        if (occupancy.overlapsOwned(file)) {
            throw new InvalidFieldException("path", relative + " belongs to a VM, an image or another catalog entry");
        }
        StoredPackages.Summary summary = stored.summary(file, "path");
        return packages.save(new CatalogPackage(entry(name, summary), summary.license(), datastore,
                root.relativize(file).toString(), false, clock.instant()));
    }

    /**
     * Imports the entry's OVA as a VM of the team (CONFIGURE on it, checked before the entry is looked up, so a
     * team's outsider learns nothing of the catalog from the answer). Answers the import's task.
     */
    @Audited(action = "appliance.deploy", target = "Appliance")
    public Task deploy(String name, Long teamId, Long datastoreId, boolean acceptEula) {
        if (teamId == null) {
            throw new InvalidFieldException("teamId", "Choose the team the VM is for");
        }
        teams.authorized(teamId, Permission.CONFIGURE);
        CatalogPackage entry = packages.findByNameWithDatastore(name)
                .orElseThrow(() -> new NotFoundException("Appliance", name));
        Path file = entry.file();
        if (!Files.isRegularFile(file)) {
            throw new ConflictException("Package missing", "The OVA of " + name + " is no longer in datastore "
                    + entry.getDatastore().getName() + " (" + file.getFileName() + ")");
        }
        return stored.importAsVm(file, teamId, datastoreId, acceptEula);
    }

    /** Takes the entry out of the catalog; an OVA the console kept goes with it, one placed by hand stays. */
    @Audited(action = "appliance.remove", target = "Appliance")
    @Transactional
    public void remove(String name) {
        access.requireAdmin();
        CatalogPackage entry = packages.findByNameWithDatastore(name)
                .orElseThrow(() -> new NotFoundException("Appliance", name));
        packages.delete(entry);
        if (entry.isKept()) {
            try {
                Files.deleteIfExists(entry.file());
            } catch (IOException e) {
                throw new ConflictException("Package not removed", "Cannot remove " + entry.file().getFileName()
                        + ": " + e.getMessage());
            }
        }
    }

    private CatalogEntry entry(String name, StoredPackages.Summary summary) {
        String description = summary.description().isBlank() ? "Imported from an OVA" : summary.description();
        return new CatalogEntry(name, abbreviate(summary.name(), 128), abbreviate(description, 512), summary.vcpus(),
                summary.memoryMib(), summary.diskGib(), CatalogEntry.Kind.OVA);
    }

    private String entryName(String chosen, String fileName) {
        String name = chosen == null || chosen.isBlank()
                ? fileName.substring(0, fileName.length() - ".ova".length()) : chosen.strip();
        if (!name.matches(ImageName.PATTERN)) {
            throw new InvalidFieldException("name", "The entry's name " + abbreviate(name, 60) + " is not valid: "
                    + ImageName.RULE);
        }
        if (ApplianceService.CATALOG.stream().anyMatch(e -> e.name().equals(name)) || packages.existsByName(name)) {
            throw new InvalidFieldException("name", "The catalog already has an entry named " + name);
        }
        return name;
    }

    private static String plainOva(String fileName, String field) {
        String name = fileName == null ? "" : fileName;
        if (name.contains("/") || name.contains("\\") || name.contains(":")
                || !name.toLowerCase(Locale.ROOT).endsWith(".ova") || name.length() <= ".ova".length()) {
            throw new InvalidFieldException(field, "The catalog takes an .ova file with a plain name, not "
                    + abbreviate(name, 60));
        }
        return name;
    }

    private static void remove(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new ConflictException("Staging not removed", "Cannot remove " + folder.getFileName() + ": "
                    + e.getMessage());
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
