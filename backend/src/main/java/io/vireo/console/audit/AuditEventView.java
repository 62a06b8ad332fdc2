package io.vireo.console.audit;

import java.time.Instant;

public record AuditEventView(Long id, Instant at, String actor, String action, String targetType, Long targetId,
        String detail, Outcome outcome) {
}
