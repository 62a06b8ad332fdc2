package io.vireo.console.template;

import java.time.Instant;
import java.util.List;

import io.vireo.console.audit.AuditTarget;

/**
 * A template as the pages and the API show it. {@code disks} are its base disk files (empty for a template
 * without files, whose VMs each get a blank disk of {@code diskGib}).
 */
public record TemplateView(Long id, String name, String description, Long teamId, String teamName, int vcpus,
        long memoryMib, long diskGib, Long imageId, String imageName, Long datastoreId, List<Disk> disks,
        Instant createdAt) implements AuditTarget {

    public static TemplateView of(Template t) {
        return new TemplateView(t.getId(), t.getName(), t.getDescription(), t.teamId(),
                t.isShared() ? null : t.getTeam().getName(), t.getVcpus(), t.getMemoryMib(), t.getDiskGib(),
                t.getImage() == null ? null : t.getImage().getId(),
                t.getImage() == null ? null : t.getImage().getName(),
                t.hasFiles() ? t.getDatastore().getId() : null,
                t.getDisks().stream().map(d -> new Disk(d.getPosition(), d.getFileName(), d.getFormat(),
                        d.getSizeGib(), d.getBasePath())).toList(),
                t.getCreatedAt());
    }

    public boolean hasFiles() {
        return datastoreId != null;
    }

    @Override
    public Long getId() {
        return id;
    }

    /** A base disk: its file in the template's folder, and the file it stands on ({@code base}) if linked. */
    public record Disk(int position, String file, String format, long sizeGib, String base) {
    }
}
