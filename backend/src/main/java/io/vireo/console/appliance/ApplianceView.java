package io.vireo.console.appliance;

import io.vireo.console.task.TaskView;

/**
 * An appliance as the catalog shows it: a built one is ready once its template exists, and {@code build} is the
 * latest build task this console ran for it, if any; an OVA entry is ready from the start, deployed by importing it.
 * {@code license} when the OVA asks for its EULA to be accepted on deploy. {@code bootsFromDisk} when the built
 * template's VMs get a copy of its disk and boot the kernel in it (deployed from the template's page) rather than
 * its kernel image and a blank disk.
 */
public record ApplianceView(CatalogEntry entry, Long templateId, String imageName, TaskView build, boolean license,
        boolean bootsFromDisk) {

    public boolean ready() {
        return entry.kind() == CatalogEntry.Kind.OVA || templateId != null;
    }

    public boolean building() {
        return build != null && !build.state().isFinal();
    }
}
