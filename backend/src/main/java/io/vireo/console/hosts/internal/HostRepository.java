package io.vireo.console.hosts.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

import io.vireo.console.hosts.Host;

public interface HostRepository extends JpaRepository<Host, Long> {

    boolean existsByName(String name);

    boolean existsByUri(String uri);

    List<Host> findAllByOrderByName();
}
