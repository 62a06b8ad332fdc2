package io.vireo.console.snapshot;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.PageActions;

/** The snapshot forms of a VM's page; each comes back to that page. */
@Controller
@RequestMapping("/vms/{id}/snapshots")
class SnapshotPageController {

    private final SnapshotService snapshots;
    private final PageActions actions;

    SnapshotPageController(SnapshotService snapshots, PageActions actions) {
        this.snapshots = snapshots;
        this.actions = actions;
    }

    @PostMapping
    String snapshot(@PathVariable Long id, @ModelAttribute SnapshotForm form, RedirectAttributes redirect) {
        String name = form.name() == null || form.name().isBlank() ? "snapshot" : form.name();
        SnapshotRequest request = new SnapshotRequest(name, form.description());
        return actions.run(redirect, "/vms/" + id, "Snapshot taken", request, () -> snapshots.create(id, request));
    }

    @PostMapping("/{snapshotId}/delete")
    String delete(@PathVariable Long id, @PathVariable Long snapshotId, RedirectAttributes redirect) {
        return actions.run(redirect, "/vms/" + id, "Snapshot deleted", null, () -> snapshots.delete(id, snapshotId));
    }

    record SnapshotForm(String name, String description) {
    }
}
