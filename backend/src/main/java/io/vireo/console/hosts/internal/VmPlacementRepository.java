package io.vireo.console.hosts.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

import io.vireo.console.hosts.VmPlacement;

public interface VmPlacementRepository extends JpaRepository<VmPlacement, Long> {

    long countByHostId(Long hostId);

    List<VmPlacement> findByHostId(Long hostId);
}
