package io.vireo.console.datastore.internal;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

import io.vireo.console.datastore.Datastore;

public interface DatastoreRepository extends JpaRepository<Datastore, Long> {

    boolean existsByName(String name);

    Page<Datastore> findByNameContainingIgnoreCase(String q, Pageable pageable);
}
