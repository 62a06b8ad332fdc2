package io.vireo.console.snapshot;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.PageActions;

/** The snapshot forms of a VM's page, which each come back to it with the task started or the refusal. */
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
    String take(@PathVariable Long id, @ModelAttribute SnapshotRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, "/vms/" + id, "Taking snapshot " + request.name(), request,
                () -> snapshots.take(id, request));
    }

    @PostMapping("/{snapshotId}/revert")
    String revert(@PathVariable Long id, @PathVariable Long snapshotId,
            @RequestParam(defaultValue = "false") boolean stop,
            @RequestParam(defaultValue = "false") boolean discardSavedState, RedirectAttributes redirect) {
        return actions.run(redirect, "/vms/" + id, "Reverting to the snapshot", null,
                () -> snapshots.revert(id, snapshotId, stop, discardSavedState));
    }

    @PostMapping("/{snapshotId}/delete")
    String delete(@PathVariable Long id, @PathVariable Long snapshotId, RedirectAttributes redirect) {
        return actions.run(redirect, "/vms/" + id, "Deleting the snapshot", null, () -> snapshots.delete(id, snapshotId));
    }

    @PostMapping("/consolidate")
    String consolidate(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, "/vms/" + id, "Consolidating the disks", null, () -> snapshots.consolidate(id));
    }
}
