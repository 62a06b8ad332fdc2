package io.vireo.console.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreOccupancy;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.datastore.FrozenFiles;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.image.internal.ImageRepository;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.team.Team;

/**
 * The image library: the shared images every user may use (administrators register and remove them) and each
 * team's own disk images, made from its VMs and templates, which only its members see. The {@code find…}
 * methods check no caller: other modules use them inside work they checked, or in tasks.
 */
@Service
public class ImageService {

    /** A CD-ROM's block: an ISO image the drive reads is a whole number of them. */
    static final int ISO_BLOCK = 2048;

    /** Where disk images the console makes are written, in a datastore. */
    public static final String FOLDER = "images";
    /** A disk image's file: what linked disks may name as their base (see the VM module's LinkedBase). */
    private static final Pattern DISK_FILE = Pattern.compile(FOLDER + "/[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\.(qcow2|raw)");

    private final ImageRepository images;
    private final DatastoreService datastores;
    private final DatastoreOccupancy occupancy;
    private final FrozenFiles frozen;
    private final DiskImages disks;
    private final AccessPolicy access;
    private final Clock clock;

    ImageService(ImageRepository images, DatastoreService datastores, DatastoreOccupancy occupancy,
            FrozenFiles frozen, DiskImages disks, AccessPolicy access, Clock clock) {
        this.images = images;
        this.datastores = datastores;
        this.occupancy = occupancy;
        this.frozen = frozen;
        this.disks = disks;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Image> list(String q, Pageable pageable) {
        return images.search(access.visibleTeamIds(), q == null ? "" : q.trim(), pageable);
    }

    /** Every image of {@code kind} the caller may use, by name: what a form offers to choose from. */
    @Transactional(readOnly = true)
    public List<Image> ofKind(ImageKind kind) {
        return images.visibleOfKind(access.visibleTeamIds(), kind);
    }

    /** The image, if the caller may use it: a shared one, or one of the caller's teams (else "not found"). */
    @Transactional(readOnly = true)
    public Image get(Long id) {
        Image image = images.findById(id).orElseThrow(() -> new NotFoundException("Image", id));
        if (image.isShared()) {
            access.caller();
        } else {
            access.require(image.teamId(), Permission.VIEW, "Image", id);
        }
        return image;
    }

    @Transactional(readOnly = true)
    public Optional<Image> find(Long id) {
        return images.findById(id);
    }

    @Transactional(readOnly = true)
    public Optional<Image> findByName(String name) {
        return images.findByName(name);
    }

    @Transactional(readOnly = true)
    public boolean exists(String name) {
        return images.existsByName(name);
    }

    /** The bytes of disk images a team owns, for its quota. */
    @Transactional(readOnly = true)
    public long bytesOwnedBy(Long teamId) {
        return images.findByTeamId(teamId).stream().mapToLong(Image::getSizeBytes).sum();
    }

    /**
     * A built appliance's kernel, initramfs and command line, copied into the datastore under
     * {@code folder}: registered once, found again on a rebuild of the same kernel version.
     */
    @Transactional
    public Image registerKernel(String name, Long datastoreId, String folder, String commandLine, long sizeBytes) {
        return images.findByName(name).orElseGet(() -> images.save(Image.kernel(name,
                datastores.find(datastoreId).orElseThrow(), folder + "/Image", folder + "/initramfs.gz", commandLine,
                sizeBytes, clock.instant())));
    }

    /**
     * A built appliance's root disk, copied into the datastore as {@code path} (relative to it), shared with
     * everyone.
     */
    @Transactional
    public Image registerDisk(String name, Long datastoreId, String path, long sizeBytes) {
        return images.save(Image.disk(name, null, datastores.find(datastoreId).orElseThrow(), path, "qcow2",
                sizeBytes, clock.instant()));
    }

    /**
     * A disk image a conversion task has just written to {@code file} in the datastore, for the team (or shared,
     * with no team). The caller checked the right to make it.
     */
    @Transactional
    public Image recordDisk(String name, Team team, Datastore datastore, Path file) throws IOException {
        return images.save(Image.disk(name, team, datastore, datastore.directory().relativize(file).toString(),
                "qcow2", Files.size(file), clock.instant()));
    }

    /**
     * An uploaded kernel an upload task has just moved to {@code kernel} (and {@code initrd}) in the datastore, shared
     * with everyone. The caller checked the right to make it.
     */
    @Transactional
    Image recordKernel(String name, Datastore datastore, Path kernel, Optional<Path> initrd, String commandLine)
            throws IOException {
        Path root = datastore.directory();
        long size = Files.size(kernel) + (initrd.isPresent() ? Files.size(initrd.get()) : 0);
        return images.save(Image.kernel(name, datastore, root.relativize(kernel).toString(),
                initrd.map(p -> root.relativize(p).toString()).orElse(null), blank(commandLine) ? null
                        : commandLine.strip(), size, clock.instant()));
    }

    /** An uploaded ISO image an upload task has just moved to {@code file}, for the team (or shared, with no team). */
    @Transactional
    Image recordIso(String name, Team team, Datastore datastore, Path file) throws IOException {
        return images.save(Image.iso(name, team, datastore, datastore.directory().relativize(file).toString(),
                Files.size(file), clock.instant()));
    }

    /**
     * The paths must stay inside the datastore and name existing regular files that nothing in the inventory
     * owns: an image on a VM's disk, or two images on one file, would let deleting one destroy the other. A disk
     * image must be one the engine reads (qcow2 or raw), pass a check of its metadata, and stand alone (no backing
     * file, which could lie anywhere).
     */
    @Audited(action = "image.register", target = "Image")
    @Transactional
    public Image register(ImageRequest request) {
        access.requireAdmin();
        if (images.existsByName(request.name())) {
            throw new InvalidFieldException("name", "An image named " + request.name() + " already exists");
        }
        Datastore datastore = datastores.find(request.datastoreId())
                .orElseThrow(() -> new InvalidFieldException("datastoreId", "No such datastore"));
        Path root = datastore.directory().toAbsolutePath().normalize();
        Path file = fileIn(root, datastore, "path", request.path());
        if (request.kind() == ImageKind.DISK) {
            if (!DISK_FILE.matcher(root.relativize(file).toString()).matches()) {
                throw new InvalidFieldException("path", "A disk image lives in the datastore's " + FOLDER + " folder"
                        + " as <name>.qcow2 or <name>.raw; move " + request.path() + " there first");
            }
            return images.save(Image.disk(request.name(), null, datastore, root.relativize(file).toString(),
                    checkedDiskFormat(file, root, request.path()), size(file, request.path()), clock.instant()));
        }
        if (request.kind() == ImageKind.ISO) {
            long size = size(file, request.path());
            checkIsoSize(size, "path", request.path());
            return images.save(Image.iso(request.name(), null, datastore, root.relativize(file).toString(), size,
                    clock.instant()));
        }
        Path initrd = blank(request.initrdPath()) ? null : fileIn(root, datastore, "initrdPath", request.initrdPath());
        long size = size(file, request.path()) + (initrd == null ? 0 : size(initrd, request.initrdPath()));
        return images.save(Image.kernel(request.name(), datastore, root.relativize(file).toString(),
                initrd == null ? null : root.relativize(initrd).toString(),
                blank(request.commandLine()) ? null : request.commandLine().strip(), size, clock.instant()));
    }

    private String checkedDiskFormat(Path file, Path root, String relative) {
        try {
            DiskImages.Inspection inspection = disks.inspect(file, root);
            if (!inspection.format().equals("qcow2") && !inspection.format().equals("raw")) {
                throw new InvalidFieldException("path", relative + " is a " + inspection.format()
                        + " image; a disk image must be qcow2 or raw");
            }
            if (inspection.hasBacking()) {
                throw new InvalidFieldException("path", relative + " has a backing file; a disk image must stand"
                        + " alone (flatten it first)");
            }
            List<String> problems = disks.problems(file);
            if (!problems.isEmpty()) {
                throw new InvalidFieldException("path", relative + " is damaged: " + String.join("; ", problems));
            }
            return inspection.format();
        } catch (IOException e) {
            throw new InvalidFieldException("path", "Cannot read " + relative + " as a disk image: " + e.getMessage());
        }
    }

    /** A CD-ROM drive reads whole blocks: an ISO image is kept as it is, so its size must be whole blocks. */
    static void checkIsoSize(long size, String field, String fileName) {
        if (size == 0 || size % ISO_BLOCK != 0) {
            throw new InvalidFieldException(field, fileName + " is " + size + " bytes, not whole " + ISO_BLOCK
                    + "-byte blocks: it is no ISO image a CD-ROM drive can read");
        }
    }

    private static long size(Path file, String relative) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new InvalidFieldException("path", "Cannot read " + relative + ": " + e.getMessage());
        }
    }

    private Path fileIn(Path root, Datastore datastore, String field, String relative) {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw new InvalidFieldException(field, "No file " + relative + " in datastore " + datastore.getName());
        }
        if (occupancy.overlapsOwned(file)) {
            throw new InvalidFieldException(field, relative + " belongs to a VM or another image already;"
                    + " copy it to a file of its own first");
        }
        return file;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /**
     * Shared images are removed by administrators, a team's by its owners. An image linked disks stand on, or that
     * VMs or templates name, stays. The file stays in the datastore too: it may be registered again.
     */
    @Audited(action = "image.delete", target = "Image")
    @Transactional
    public void delete(Long id) {
        Image image = get(id);
        if (image.isShared()) {
            access.requireAdmin();
        } else {
            access.require(image.teamId(), Permission.CONFIGURE, "Image", id);
        }
        frozen.ensureNoDependants(image.getDatastore(), image.getPath(), "Image " + image.getName());
        try {
            images.delete(image);
            images.flush();
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("Image in use", "VMs or templates still use image " + image.getName());
        }
    }
}
