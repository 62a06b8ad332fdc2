package io.vireo.console.network;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface NetworkRepository extends JpaRepository<Network, Long> {

    boolean existsByName(String name);

    Optional<Network> findByName(String name);

    Page<Network> findByNameContainingIgnoreCase(String q, Pageable pageable);
}
