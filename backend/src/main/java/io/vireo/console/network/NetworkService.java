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
import io.vireo.console.engine.NetworkDefinitions;
import io.vireo.console.network.internal.NetworkRepository;
import io.vireo.console.security.AccessPolicy;

/**
 * Virtual networks: every user may list them and plug their VMs' NICs into them; administrators create, change
 * and delete them. The engine checks every network's addressing before it is recorded, so a recorded network
 * starts; one a NIC still uses is not deleted.
 */
@Service
public class NetworkService {

    /** The network new VMs' NICs plug into, made at the first start like slirp's user network. */
    public static final String DEFAULT = "default";

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
        return existing(id);
    }

    /** The network a new VM's NIC plugs into when the request names none, if there is one. */
    @Transactional(readOnly = true)
    public Optional<Network> byName(String name) {
        return networks.findByName(name);
    }

    @Audited(action = "network.create", target = "Network")
    @Transactional
    public Network create(NetworkRequest request) {
        access.requireAdmin();
        checked(request, null);
        return networks.save(new Network(request, clock.instant()));
    }

    @Audited(action = "network.update", target = "Network")
    @Transactional
    public Network update(Long id, NetworkRequest request) {
        access.requireAdmin();
        Network network = existing(id);
        checked(request, id);
        network.update(request, clock.instant());
        return network;
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
            throw new ConflictException("Network in use", "VM network cards still use network " + network.getName()
                    + ": remove them or move them to another network first");
        }
    }

    /** On the first start: the NAT network {@value #DEFAULT}, laid out as slirp's (10.0.2.0/24, gateway .2). */
    @Transactional
    public void createInitial() {
        if (networks.count() > 0) {
            return;
        }
        networks.save(new Network(new NetworkRequest(DEFAULT, NetworkKind.NAT, "10.0.2.0/24", "10.0.2.2", true,
                "10.0.2.15", "10.0.2.254", NetworkRequest.DEFAULT_LEASE_SECONDS, true, null), clock.instant()));
    }

    private void checked(NetworkRequest request, Long id) {
        networks.findByName(request.name()).filter(other -> !other.getId().equals(id)).ifPresent(other -> {
            throw new InvalidFieldException("name", "A network named " + request.name() + " already exists");
        });
        if (request.kind() == NetworkKind.BRIDGED && (request.uplink() == null || request.uplink().isBlank())) {
            throw new InvalidFieldException("uplink", "A bridged network names the host device it is joined to");
        }
        if (request.kind() != NetworkKind.BRIDGED && request.uplink() != null && !request.uplink().isBlank()) {
            throw new InvalidFieldException("uplink", "Only a bridged network names an uplink");
        }
        NetworkDefinitions.check(Network.settings(request));
    }

    /** The network with this id, or the not-found problem (404). */
    private Network existing(Long id) {
        return networks.findById(id).orElseThrow(() -> new NotFoundException("Network", id));
    }
}
