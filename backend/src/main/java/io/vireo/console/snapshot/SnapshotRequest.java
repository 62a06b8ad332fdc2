package io.vireo.console.snapshot;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record SnapshotRequest(@NotBlank @Size(max = 64) String name, @Size(max = 512) String description) {
}
