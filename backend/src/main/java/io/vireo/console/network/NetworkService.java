package io.vireo.console.network;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.network.internal.NetworkRepository;
import io.vireo.console.security.AccessPolicy;

/**
 * Virtual networks: every user may list them, administrators delete them. None can be created: the engine
 * has no network device yet, so no VM could be connected to one. Rows made by earlier versions stay listed.
 */
@Service
public class NetworkService {

    private final NetworkRepository networks;
    private final AccessPolicy access;

    NetworkService(NetworkRepository networks, AccessPolicy access) {
        this.networks = networks;
        this.access = access;
    }

    @Transactional(readOnly = true)
    public Page<Network> list(String q, Pageable pageable) {
        access.caller();
        return networks.findByNameContainingIgnoreCase(q == null ? "" : q.trim(), pageable);
    }

    @Transactional(readOnly = true)
    public Network get(Long id) {
        access.caller();
        return existing(id);
    }

    @Audited(action = "network.delete", target = "Network")
    @Transactional
    public void delete(Long id) {
        access.requireAdmin();
        Network network = existing(id);
        try {
            networks.delete(network);
            networks.flush();
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("Network in use", "VM network cards still use network " + network.getName());
        }
    }

    /** The network with this id, or the not-found problem (404). */
    private Network existing(Long id) {
        return networks.findById(id).orElseThrow(() -> new NotFoundException("Network", id));
    }
}
