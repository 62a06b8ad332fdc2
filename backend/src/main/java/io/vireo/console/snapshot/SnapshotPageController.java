package io.vireo.console.snapshot;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.PageActions;

/** Deleting a snapshot record from a VM's page, which it comes back to. */
@Controller
@RequestMapping("/vms/{id}/snapshots")
class SnapshotPageController {

    private final SnapshotService snapshots;
    private final PageActions actions;

    SnapshotPageController(SnapshotService snapshots, PageActions actions) {
        this.snapshots = snapshots;
        this.actions = actions;
    }

    @PostMapping("/{snapshotId}/delete")
    String delete(@PathVariable Long id, @PathVariable Long snapshotId, RedirectAttributes redirect) {
        return actions.run(redirect, "/vms/" + id, "Snapshot deleted", null, () -> snapshots.delete(id, snapshotId));
    }
}
