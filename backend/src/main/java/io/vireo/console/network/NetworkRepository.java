package io.vireo.console.network;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface NetworkRepository extends JpaRepository<Network, Long> {

    Page<Network> findByNameContainingIgnoreCase(String q, Pageable pageable);
}
