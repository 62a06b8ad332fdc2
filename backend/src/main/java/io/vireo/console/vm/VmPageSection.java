package io.vireo.console.vm;

import org.springframework.ui.Model;

/**
 * A part of a VM's page that another module fills in (snapshots, say), so the VM module shows it without
 * depending on that module: each section adds the model attributes its part of the template reads.
 */
public interface VmPageSection {

    void addTo(Long vmId, Model model);
}
