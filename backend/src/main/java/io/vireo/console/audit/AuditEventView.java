package io.vireo.console.audit;

import java.time.Instant;

public record AuditEventView(Long id, Instant at, String actor, String action, String targetType, Long targetId,
        String detail, Outcome outcome) {

    public static AuditEventView of(AuditEvent e) {
        return new AuditEventView(e.getId(), e.getAt(), e.getActor(), e.getAction(), e.getTargetType(),
                e.getTargetId(), e.getDetail(), e.getOutcome());
    }
}
