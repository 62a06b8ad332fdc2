package io.vireo.console.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.internal.AuditEvent;
import io.vireo.console.audit.internal.AuditEventRepository;
import io.vireo.console.security.AccessPolicy;

/** Writes and searches the audit log. Entries are written in their own transaction so failures are kept too. */
@Service
public class AuditLog {

    private final AuditEventRepository events;
    private final AccessPolicy access;
    private final Clock clock;

    public AuditLog(AuditEventRepository events, AccessPolicy access, Clock clock) {
        this.events = events;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String actor, String action, String targetType, Long targetId, String detail, Outcome outcome) {
        events.save(new AuditEvent(clock.instant(), actor, action, targetType, targetId, detail, outcome));
    }

    /** The signed-in user's name, or {@code system} for work the console does on its own. */
    public static String currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "system" : authentication.getName();
    }

    @Transactional(readOnly = true)
    public Page<AuditEventView> search(AuditFilter filter, Pageable pageable) {
        access.requireAdmin();
        Set<Outcome> outcomes = filter.outcome() == null ? EnumSet.allOf(Outcome.class) : EnumSet.of(filter.outcome());
        Instant from = filter.from() == null ? Instant.EPOCH : filter.from();
        Instant to = filter.to() == null ? clock.instant().plusSeconds(60) : filter.to();
        return events.search(blankIfNull(filter.actor()), blankIfNull(filter.action()), outcomes, from, to, pageable)
                .map(AuditLog::view);
    }

    private static AuditEventView view(AuditEvent e) {
        return new AuditEventView(e.getId(), e.getAt(), e.getActor(), e.getAction(), e.getTargetType(),
                e.getTargetId(), e.getDetail(), e.getOutcome());
    }

    private static String blankIfNull(String value) {
        return value == null ? "" : value.trim();
    }

    public record AuditFilter(String actor, String action, Outcome outcome, Instant from, Instant to) {
    }
}
