package io.vireo.console.network;

import java.time.Clock;
import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.network.internal.NetworkRepository;
import io.vireo.console.security.AccessPolicy;

/**
 * Virtual networks are shared infrastructure: every user may list them, administrators manage them. The
 * {@code find…} methods check no caller: other modules use them inside work they checked.
 */
@Service
public class NetworkService {

    private final NetworkRepository networks;
    private final AccessPolicy access;
    private final Clock clock;

    NetworkService(NetworkRepository networks, AccessPolicy access, Clock clock) {
        this.networks = networks;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Network> list(String q, Pageable pageable) {
        access.caller();
        return networks.findByNameContainingIgnoreCase(q == null ? "" : q.trim(), pageable);
    }

    @Transactional(readOnly = true)
    public Network get(Long id) {
        access.caller();
        return networks.findById(id).orElseThrow(() -> new NotFoundException("Network", id));
    }

    @Transactional(readOnly = true)
    public Optional<Network> find(Long id) {
        return networks.findById(id);
    }

    @Transactional(readOnly = true)
    public Optional<Network> findByName(String name) {
        return networks.findByName(name);
    }

    @Audited(action = "network.create", target = "Network")
    @Transactional
    public Network create(NetworkRequest request) {
        access.requireAdmin();
        if (networks.existsByName(request.name())) {
            throw new InvalidFieldException("name", "A network named " + request.name() + " already exists");
        }
        return networks.save(new Network(request.name(), request.kind(), request.cidr(), clock.instant()));
    }

    /** Creates the network the console starts with, on its first start (when there is none yet). */
    @Transactional
    public void createInitial(String name, NetworkKind kind, String cidr) {
        if (networks.count() == 0) {
            networks.save(new Network(name, kind, cidr, clock.instant()));
        }
    }

    @Audited(action = "network.delete", target = "Network")
    @Transactional
    public void delete(Long id) {
        access.requireAdmin();
        Network network = networks.findById(id).orElseThrow(() -> new NotFoundException("Network", id));
        try {
            networks.delete(network);
            networks.flush();
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("Network in use", "VM network cards still use network " + network.getName());
        }
    }
}
