package io.vireo.console.appliance;

import io.vireo.console.task.TaskView;

/**
 * An appliance as the catalog shows it: ready once its template exists; {@code build} is the latest build
 * task this console ran for it, if any.
 */
public record ApplianceView(CatalogEntry entry, Long templateId, String imageName, TaskView build) {

    public boolean ready() {
        return templateId != null;
    }

    public boolean building() {
        return build != null && !build.state().isFinal();
    }
}
