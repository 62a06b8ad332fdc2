package io.vireo.console.audit;

/** An object whose id the audit log records when a service method returns it. */
public interface AuditTarget {
    Long getId();
}
