package io.vireo.console.snapshot;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.task.TaskView;
import jakarta.validation.Valid;

/** A VM's snapshots; every change is a task, answered 202 with the task to follow. */
@RestController
@RequestMapping("/api/v1/vms/{vmId}/snapshots")
class SnapshotApiController {

    private final SnapshotService snapshots;

    SnapshotApiController(SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    @GetMapping
    @Operation(summary = "The VM's snapshot tree", description = "Root snapshots with their children nested; the"
            + " current one is the snapshot the VM's present state stands on.")
    List<SnapshotView> tree(@PathVariable Long vmId) {
        return snapshots.tree(vmId);
    }

    @GetMapping("/{snapshotId}")
    SnapshotView get(@PathVariable Long vmId, @PathVariable Long snapshotId) {
        return snapshots.get(vmId, snapshotId);
    }

    @PostMapping
    @Operation(summary = "Take a snapshot", description = "Freezes every disk and puts a new delta on top; a running"
            + " VM keeps running. Refused when the datastore has no room for the new deltas.")
    ResponseEntity<TaskView> take(@PathVariable Long vmId, @Valid @RequestBody SnapshotRequest request) {
        return accepted(snapshots.take(vmId, request));
    }

    @PostMapping("/{snapshotId}/revert")
    @Operation(summary = "Revert to a snapshot", description = "Drops the current state: the VM must be stopped, or"
            + " stop=true powers it off first; a suspended VM's saved state is discarded only with"
            + " discardSavedState=true (409 otherwise). A snapshot with memory brings the VM back running.")
    ResponseEntity<TaskView> revert(@PathVariable Long vmId, @PathVariable Long snapshotId,
            @RequestParam(defaultValue = "false") boolean stop,
            @RequestParam(defaultValue = "false") boolean discardSavedState) {
        return accepted(snapshots.revert(vmId, snapshotId, stop, discardSavedState));
    }

    @DeleteMapping("/{snapshotId}")
    @Operation(summary = "Delete a snapshot", description = "Merges its delta into the files standing on it; what"
            + " every other snapshot and the current state read stays the same.")
    ResponseEntity<TaskView> delete(@PathVariable Long vmId, @PathVariable Long snapshotId) {
        return accepted(snapshots.delete(vmId, snapshotId));
    }

    @PostMapping("/consolidate")
    @Operation(summary = "Consolidate the VM's disks", description = "Stopped VM: each disk's chain becomes one file"
            + " and every snapshot is deleted.")
    ResponseEntity<TaskView> consolidate(@PathVariable Long vmId) {
        return accepted(snapshots.consolidate(vmId));
    }

    private static ResponseEntity<TaskView> accepted(TaskView task) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/tasks/" + task.id())).body(task);
    }
}
