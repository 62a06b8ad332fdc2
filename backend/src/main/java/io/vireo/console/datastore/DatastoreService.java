package io.vireo.console.datastore;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import io.vireo.console.team.TeamRepository;

/** Datastores are infrastructure: every user may list them to place disks, administrators manage them. */
@Service
public class DatastoreService {

    private final DatastoreRepository datastores;
    private final DatastoreOccupancy occupancy;
    private final TeamRepository teams;
    private final AccessPolicy access;
    private final Clock clock;

    DatastoreService(DatastoreRepository datastores, DatastoreOccupancy occupancy, TeamRepository teams,
            AccessPolicy access, Clock clock) {
        this.datastores = datastores;
        this.occupancy = occupancy;
        this.teams = teams;
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

    /** Takes an empty or Vireo-marked folder only ({@link DatastoreFolder}), so no one's other files are at risk. */
    @Audited(action = "datastore.create", target = "Datastore")
    @Transactional
    public Datastore create(DatastoreRequest request) {
        access.requireAdmin();
        if (datastores.existsByName(request.name())) {
            throw new InvalidFieldException("name", "A datastore named " + request.name() + " already exists");
        }
        Path directory = DatastoreFolder.claim(request.path(), datastores.findAll());
        return datastores.save(new Datastore(request.name(), directory, clock.instant()));
    }

    /** Creates the datastore the console starts with; used once, on first start. */
    @Transactional
    public Datastore createInitial(String name, Path directory) {
        try {
            DatastoreFolder.mark(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return datastores.save(new Datastore(name, directory.toAbsolutePath().normalize(), clock.instant()));
    }

    /** Lets the team's owners register VM folders found in the datastore. */
    @Audited(action = "datastore.grant", target = "Datastore")
    @Transactional
    public Datastore grant(Long id, Long teamId) {
        access.requireAdmin();
        Datastore datastore = datastores.findById(id).orElseThrow(() -> new NotFoundException("Datastore", id));
        teams.findById(teamId).orElseThrow(() -> new NotFoundException("Team", teamId));
        datastore.grant(teamId);
        return datastore;
    }

    @Audited(action = "datastore.revoke", target = "Datastore")
    @Transactional
    public Datastore revoke(Long id, Long teamId) {
        access.requireAdmin();
        Datastore datastore = datastores.findById(id).orElseThrow(() -> new NotFoundException("Datastore", id));
        datastore.revoke(teamId);
        return datastore;
    }

    @Audited(action = "datastore.delete", target = "Datastore")
    @Transactional
    public void delete(Long id) {
        access.requireAdmin();
        Datastore datastore = datastores.findById(id).orElseThrow(() -> new NotFoundException("Datastore", id));
        if (occupancy.holdsAnything(datastore)) {
            throw new ConflictException("Datastore in use", "VMs or images still live in datastore "
                    + datastore.getName() + "; delete or move them first");
        }
        datastores.delete(datastore);
    }
}
