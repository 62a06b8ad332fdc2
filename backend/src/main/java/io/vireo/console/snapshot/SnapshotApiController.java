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
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/vms/{vmId}/snapshots")
class SnapshotApiController {

    private final SnapshotService snapshots;

    SnapshotApiController(SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    @GetMapping
    @Operation(summary = "The VM's snapshot tree", description = "Root snapshots with their children nested.")
    List<SnapshotView> tree(@PathVariable Long vmId) {
        return snapshots.tree(vmId);
    }

    @GetMapping("/{snapshotId}")
    SnapshotView get(@PathVariable Long vmId, @PathVariable Long snapshotId) {
        return snapshots.get(vmId, snapshotId);
    }

    @PostMapping
    ResponseEntity<SnapshotView> create(@PathVariable Long vmId, @Valid @RequestBody SnapshotRequest request) {
        Snapshot snapshot = snapshots.create(vmId, request);
        return ResponseEntity.created(URI.create("/api/v1/vms/" + vmId + "/snapshots/" + snapshot.getId()))
                .body(snapshots.get(vmId, snapshot.getId()));
    }

    @DeleteMapping("/{snapshotId}")
    ResponseEntity<Void> delete(@PathVariable Long vmId, @PathVariable Long snapshotId) {
        snapshots.delete(vmId, snapshotId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{snapshotId}/revert")
    @Operation(summary = "Revert the VM to a snapshot",
            description = "Answers 409 'Not yet available' until the console drives the hypervisor engine.")
    SnapshotView revert(@PathVariable Long vmId, @PathVariable Long snapshotId) {
        snapshots.revert(vmId, snapshotId);
        return snapshots.get(vmId, snapshotId);
    }
}
