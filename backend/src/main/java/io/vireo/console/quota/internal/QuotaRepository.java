package io.vireo.console.quota.internal;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface QuotaRepository extends JpaRepository<Quota, Long> {

    Optional<Quota> findByTeamId(Long teamId);
}
