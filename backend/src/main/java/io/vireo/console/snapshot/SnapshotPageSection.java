package io.vireo.console.snapshot;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import io.vireo.console.vm.VmPageSection;

/** The snapshot tree on a VM's page. */
@Component
class SnapshotPageSection implements VmPageSection {

    private final SnapshotService snapshots;

    SnapshotPageSection(SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public void addTo(Long vmId, Model model) {
        model.addAttribute("snapshots", snapshots.tree(vmId));
    }
}
