package io.vireo.console.datastore;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.security.AccessPolicy;

/** Datastores are infrastructure: every user may list them to place disks, administrators manage them. */
@Service
public class DatastoreService {

    private final DatastoreRepository datastores;
    private final AccessPolicy access;
    private final Clock clock;

    DatastoreService(DatastoreRepository datastores, AccessPolicy access, Clock clock) {
        this.datastores = datastores;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Datastore> list(String q, Pageable pageable) {
        access.caller();
        return datastores.findByNameContainingIgnoreCase(q == null ? "" : q.trim(), pageable);
    }

    @Transactional(readOnly = true)
    public Datastore get(Long id) {
        access.caller();
        return datastores.findById(id).orElseThrow(() -> new NotFoundException("Datastore", id));
    }

    @Audited(action = "datastore.create", target = "Datastore")
    @Transactional
    public Datastore create(DatastoreRequest request) {
        access.requireAdmin();
        if (datastores.existsByName(request.name())) {
            throw new InvalidFieldException("name", "A datastore named " + request.name() + " already exists");
        }
        Path directory = Path.of(request.path()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new InvalidFieldException("path", "Cannot create directory " + directory + ": " + e.getMessage());
        }
        return datastores.save(new Datastore(request.name(), directory, request.capacityGib(), clock.instant()));
    }

    /**
     * Finds a datastore for other modules' work, in a request or in a task that runs without a caller:
     * datastores are shared, and whoever asks has passed their own check.
     */
    @Transactional(readOnly = true)
    public Optional<Datastore> find(Long id) {
        return datastores.findById(id);
    }

    /** The first datastore: where a VM goes when its request names none, and where appliances are kept. */
    @Transactional(readOnly = true)
    public Optional<Datastore> first() {
        return datastores.findAll().stream().findFirst();
    }

    /** Creates the datastore the console starts with, on its first start (when there is none yet). */
    @Transactional
    public void createInitial(String name, Path directory, long capacityGib) {
        if (datastores.count() > 0) {
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        datastores.save(new Datastore(name, directory.toAbsolutePath().normalize(), capacityGib, clock.instant()));
    }

    /** The database refuses to delete a datastore that VMs, their disks or images still live in. */
    @Audited(action = "datastore.delete", target = "Datastore")
    @Transactional
    public void delete(Long id) {
        access.requireAdmin();
        Datastore datastore = datastores.findById(id).orElseThrow(() -> new NotFoundException("Datastore", id));
        try {
            datastores.delete(datastore);
            datastores.flush();
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("Datastore in use", "VMs or images still live in datastore "
                    + datastore.getName());
        }
    }
}
