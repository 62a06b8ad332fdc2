package io.vireo.console.network.internal;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

import io.vireo.console.network.Network;

public interface NetworkRepository extends JpaRepository<Network, Long> {

    Page<Network> findByNameContainingIgnoreCase(String q, Pageable pageable);

    Optional<Network> findByName(String name);
}
