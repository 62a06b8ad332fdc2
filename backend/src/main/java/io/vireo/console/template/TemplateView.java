package io.vireo.console.template;

import java.time.Instant;

import io.vireo.console.audit.AuditTarget;

public record TemplateView(Long id, String name, String description, Long teamId, String teamName, int vcpus,
        long memoryMib, long diskGib, Long imageId, String imageName, Instant createdAt) implements AuditTarget {

    public static TemplateView of(Template t) {
        return new TemplateView(t.getId(), t.getName(), t.getDescription(), t.teamId(),
                t.isShared() ? null : t.getTeam().getName(), t.getVcpus(), t.getMemoryMib(), t.getDiskGib(),
                t.getImage() == null ? null : t.getImage().getId(),
                t.getImage() == null ? null : t.getImage().getName(), t.getCreatedAt());
    }

    @Override
    public Long getId() {
        return id;
    }
}
