package io.vireo.console.hosts;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.vireo.console.hosts.internal.VmPlacementRepository;

/**
 * Which VMs run on which libvirt host, kept in memory after the first read: every call of the host driver asks it,
 * and libvirt's event thread must not wait on the database. A deleted VM's placement goes with it in the database;
 * its id lingers here harmlessly (ids are never reused).
 */
@Component
class Placements {

    private final VmPlacementRepository repository;
    private volatile Map<Long, Long> hostByVm;

    Placements(VmPlacementRepository repository) {
        this.repository = repository;
    }

    /** The libvirt host the VM runs on; empty for the embedded engine. */
    Optional<Long> hostOf(Long vmId) {
        return Optional.ofNullable(all().get(vmId));
    }

    Set<Long> vmsOn(Long hostId) {
        return all().entrySet().stream().filter(e -> e.getValue().equals(hostId)).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    void place(Long vmId, Long hostId) {
        repository.save(new VmPlacement(vmId, hostId));
        all().put(vmId, hostId);
    }

    /** The VM runs on the embedded engine from now on. */
    void unplace(Long vmId) {
        repository.deleteById(vmId);
        all().remove(vmId);
    }

    private Map<Long, Long> all() {
        Map<Long, Long> loaded = hostByVm;
        if (loaded == null) {
            synchronized (this) {
                if (hostByVm == null) {
                    hostByVm = repository.findAll().stream().collect(Collectors.toMap(VmPlacement::getVmId,
                            VmPlacement::getHostId, (a, b) -> a, ConcurrentHashMap::new));
                }
                loaded = hostByVm;
            }
        }
        return loaded;
    }
}
