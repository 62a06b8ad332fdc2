package io.vireo.console.datastore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
import io.vireo.console.team.TeamService;

/** Datastores are infrastructure: every user may list them to place disks, administrators manage them. */
@Service
public class DatastoreService {

    private final DatastoreRepository datastores;
    private final DatastoreOccupancy occupancy;
    private final TeamService teams;
    private final AccessPolicy access;
    private final Clock clock;

    DatastoreService(DatastoreRepository datastores, DatastoreOccupancy occupancy, TeamService teams,
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

    /** The datastores as listed: each with its room now and its grants to the teams the caller may see. */
    @Transactional(readOnly = true)
    public Page<DatastoreView> views(String q, Pageable pageable) {
        Set<Long> visibleTeams = access.visibleTeamIds();
        return list(q, pageable).map(d -> DatastoreView.of(d, visibleTeams));
    }

    /** Names only, for forms that offer a choice of datastore (reading each one's room would walk its files). */
    @Transactional(readOnly = true)
    public List<DatastoreSummary> summaries(Pageable pageable) {
        return list("", pageable).map(d -> new DatastoreSummary(d.getId(), d.getName())).toList();
    }

    @Transactional(readOnly = true)
    public Datastore get(Long id) {
        access.caller();
        return existing(id);
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

    /**
     * Finds a datastore for other modules' work, in a request or in a task that runs without a caller:
     * datastores are shared, and whoever asks has passed their own check.
     */
    @Transactional(readOnly = true)
    public Optional<Datastore> find(Long id) {
        return datastores.findById(id);
    }

    /**
     * Refuses work that would write about {@code bytes} into the datastore when its file system has less free
     * room: checked before anything is written, so a full disk never leaves half a job behind.
     */
    public void ensureRoom(Datastore datastore, long bytes, String what) {
        long free;
        try {
            free = Files.getFileStore(datastore.directory()).getUsableSpace();
        } catch (IOException e) {
            throw new ConflictException("Datastore unreadable", "Datastore " + datastore.getName()
                    + " cannot be read (" + e.getMessage() + "); " + what + " was not started");
        }
        if (bytes > free) {
            throw new ConflictException("Datastore full", what + " needs about " + mib(bytes) + " MiB in datastore "
                    + datastore.getName() + ", which has " + mib(free) + " MiB free; nothing was written");
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** The first datastore: where a VM goes when its request names none, and where appliances are kept. */
    @Transactional(readOnly = true)
    public Optional<Datastore> first() {
        return datastores.findAll().stream().findFirst();
    }

    /** Every datastore, for work that must find which one holds a path (no caller needed: they are shared). */
    @Transactional(readOnly = true)
    public List<Datastore> all() {
        return datastores.findAll();
    }

    /** Creates the datastore the console starts with, on its first start (when there is none yet). */
    @Transactional
    public void createInitial(String name, Path directory) {
        if (datastores.count() > 0) {
            return;
        }
        try {
            DatastoreFolder.mark(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        datastores.save(new Datastore(name, directory.toAbsolutePath().normalize(), clock.instant()));
    }

    /** Lets the team's owners register VM folders found in the datastore. */
    @Audited(action = "datastore.grant", target = "Datastore")
    @Transactional
    public Datastore grant(Long id, Long teamId) {
        access.requireAdmin();
        Datastore datastore = existing(id);
        teams.get(teamId);
        datastore.grant(teamId);
        return datastore;
    }

    @Audited(action = "datastore.revoke", target = "Datastore")
    @Transactional
    public Datastore revoke(Long id, Long teamId) {
        access.requireAdmin();
        Datastore datastore = existing(id);
        datastore.revoke(teamId);
        return datastore;
    }

    @Audited(action = "datastore.delete", target = "Datastore")
    @Transactional
    public void delete(Long id) {
        access.requireAdmin();
        Datastore datastore = existing(id);
        if (occupancy.holdsAnything(datastore)) {
            throw new ConflictException("Datastore in use", "VMs or images still live in datastore "
                    + datastore.getName() + "; delete or move them first");
        }
        datastores.delete(datastore);
    }

    /** The datastore with this id, or the not-found problem (404) that every lookup by id answers. */
    private Datastore existing(Long id) {
        return datastores.findById(id).orElseThrow(() -> new NotFoundException("Datastore", id));
    }
}
