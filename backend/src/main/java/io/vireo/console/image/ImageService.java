package io.vireo.console.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreOccupancy;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.image.internal.ImageRepository;
import io.vireo.console.security.AccessPolicy;

/**
 * The image library of kernels: every user may boot from it, administrators register and remove images.
 * The {@code find…} methods check no caller: other modules use them inside work they checked, or in tasks.
 */
@Service
public class ImageService {

    private final ImageRepository images;
    private final DatastoreService datastores;
    private final DatastoreOccupancy occupancy;
    private final AccessPolicy access;
    private final Clock clock;

    ImageService(ImageRepository images, DatastoreService datastores, DatastoreOccupancy occupancy,
            AccessPolicy access, Clock clock) {
        this.images = images;
        this.datastores = datastores;
        this.occupancy = occupancy;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Image> list(String q, Pageable pageable) {
        access.caller();
        return images.findByNameContainingIgnoreCase(q == null ? "" : q.trim(), pageable);
    }

    @Transactional(readOnly = true)
    public Image get(Long id) {
        access.caller();
        return images.findById(id).orElseThrow(() -> new NotFoundException("Image", id));
    }

    @Transactional(readOnly = true)
    public Optional<Image> find(Long id) {
        return images.findById(id);
    }

    @Transactional(readOnly = true)
    public Optional<Image> findByName(String name) {
        return images.findByName(name);
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
     * The paths must stay inside the datastore and name existing regular files that nothing in the inventory
     * owns: an image on a VM's disk, or two images on one file, would let deleting one destroy the other.
     */
    @Audited(action = "image.register", target = "Image")
    @Transactional
    public Image register(ImageRequest request) {
        access.requireAdmin();
        if (request.kind() != ImageKind.KERNEL) {
            throw new InvalidFieldException("kind", "Only kernel images can be registered: the engine boots a kernel"
                    + " directly, and has no CD-ROM drive for an ISO nor a way to import a disk image");
        }
        if (images.existsByName(request.name())) {
            throw new InvalidFieldException("name", "An image named " + request.name() + " already exists");
        }
        Datastore datastore = datastores.find(request.datastoreId())
                .orElseThrow(() -> new InvalidFieldException("datastoreId", "No such datastore"));
        Path root = datastore.directory().toAbsolutePath().normalize();
        Path kernel = fileIn(root, datastore, "path", request.path());
        Path initrd = blank(request.initrdPath()) ? null : fileIn(root, datastore, "initrdPath", request.initrdPath());
        try {
            long size = Files.size(kernel) + (initrd == null ? 0 : Files.size(initrd));
            return images.save(Image.kernel(request.name(), datastore, root.relativize(kernel).toString(),
                    initrd == null ? null : root.relativize(initrd).toString(),
                    blank(request.commandLine()) ? null : request.commandLine().strip(), size, clock.instant()));
        } catch (IOException e) {
            throw new InvalidFieldException("path", "Cannot read " + request.path() + ": " + e.getMessage());
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

    @Audited(action = "image.delete", target = "Image")
    @Transactional
    public void delete(Long id) {
        access.requireAdmin();
        Image image = images.findById(id).orElseThrow(() -> new NotFoundException("Image", id));
        try {
            images.delete(image);
            images.flush();
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("Image in use", "VMs or templates still use image " + image.getName());
        }
    }
}
