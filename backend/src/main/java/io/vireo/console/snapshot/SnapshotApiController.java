package io.vireo.console.snapshot;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

@RestController
@RequestMapping("/api/v1/vms/{vmId}/snapshots")
class SnapshotApiController {

    private final SnapshotService snapshots;

    SnapshotApiController(SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    @GetMapping
    @Operation(summary = "The VM's snapshot tree", description = "Root snapshots with their children nested. Snapshots"
            + " cannot be taken or reverted to: disks have no delta chains in the console yet. Listed ones are"
            + " records an earlier version made, with no disk state behind them.")
    List<SnapshotView> tree(@PathVariable Long vmId) {
        return snapshots.tree(vmId);
    }

    @GetMapping("/{snapshotId}")
    SnapshotView get(@PathVariable Long vmId, @PathVariable Long snapshotId) {
        return snapshots.get(vmId, snapshotId);
    }

    @DeleteMapping("/{snapshotId}")
    ResponseEntity<Void> delete(@PathVariable Long vmId, @PathVariable Long snapshotId) {
        snapshots.delete(vmId, snapshotId);
        return ResponseEntity.noContent().build();
    }
}
