package io.vireo.console.vm;

import io.swagger.v3.oas.annotations.media.Schema;

/** Where a stopped VM moves. */
public record MigrateRequest(@Schema(description = "a libvirt host's id; null for the embedded engine (local)")
        Long hostId) {
}
