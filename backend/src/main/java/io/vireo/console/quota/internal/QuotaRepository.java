package io.vireo.console.quota.internal;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

public interface QuotaRepository extends JpaRepository<Quota, Long> {

    Optional<Quota> findByTeamId(Long teamId);

    /** The team's quota, its row locked ({@code select … for update}) until the caller's transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select q from Quota q where q.teamId = :teamId")
    Optional<Quota> lockByTeamId(Long teamId);
}
