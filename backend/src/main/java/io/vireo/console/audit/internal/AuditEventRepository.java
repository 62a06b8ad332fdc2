package io.vireo.console.audit.internal;

import java.time.Instant;
import java.util.Collection;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import io.vireo.console.audit.Outcome;

public interface AuditEventRepository extends JpaRepository<AuditEvent, Long> {

    /** Empty strings match everything, so the query needs no null-typed parameters (PostgreSQL rejects those). */
    @Query("""
            select e from AuditEvent e
            where lower(e.actor) like lower(concat('%', :actor, '%'))
              and lower(e.action) like lower(concat('%', :action, '%'))
              and e.outcome in :outcomes
              and e.at >= :from and e.at < :to""")
    Page<AuditEvent> search(String actor, String action, Collection<Outcome> outcomes, Instant from, Instant to,
            Pageable pageable);
}
