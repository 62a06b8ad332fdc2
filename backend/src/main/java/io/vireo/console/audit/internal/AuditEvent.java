package io.vireo.console.audit.internal;

import java.time.Instant;

import io.vireo.console.audit.Outcome;
import io.vireo.console.domain.IdentifiedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

@Entity
@Table(name = "audit_events")
public class AuditEvent extends IdentifiedEntity {

    private Instant at;
    private String actor;
    private String action;
    private String targetType;
    private Long targetId;
    private String detail;
    @Enumerated(EnumType.STRING)
    private Outcome outcome;

    protected AuditEvent() {
    }

    public AuditEvent(Instant at, String actor, String action, String targetType, Long targetId, String detail,
            Outcome outcome) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.targetType = targetType;
        this.targetId = targetId;
        this.detail = detail == null || detail.length() <= 1024 ? detail : detail.substring(0, 1024);
        this.outcome = outcome;
    }

    public Instant getAt() { return at; }
    public String getActor() { return actor; }
    public String getAction() { return action; }
    public String getTargetType() { return targetType; }
    public Long getTargetId() { return targetId; }
    public String getDetail() { return detail; }
    public Outcome getOutcome() { return outcome; }
}
