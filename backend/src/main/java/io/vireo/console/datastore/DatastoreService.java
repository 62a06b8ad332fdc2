package io.vireo.console.datastore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.vm.VmRepository;

/** Datastores are infrastructure: every user may list them to place disks, administrators manage them. */
@Service
public class DatastoreService {

    private final DatastoreRepository datastores;
    private final VmRepository vms;
    private final AccessPolicy access;
    private final Clock clock;

    DatastoreService(DatastoreRepository datastores, VmRepository vms, AccessPolicy access, Clock clock) {
        this.datastores = datastores;
        this.vms = vms;
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
        return datastores.save(new Datastore(request.name(), directory, clock.instant()));
    }

    /** Creates the datastore the console starts with; used once, on first start. */
    @Transactional
    public Datastore createInitial(String name, Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return datastores.save(new Datastore(name, directory.toAbsolutePath().normalize(), clock.instant()));
    }

    @Audited(action = "datastore.delete", target = "Datastore")
    @Transactional
    public void delete(Long id) {
        access.requireAdmin();
        Datastore datastore = datastores.findById(id).orElseThrow(() -> new NotFoundException("Datastore", id));
        if (vms.existsByDatastoreId(id)) {
            throw new ConflictException("Datastore in use", "VMs still live in datastore " + datastore.getName());
        }
        datastores.delete(datastore);
    }
}
