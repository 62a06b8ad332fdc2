package io.vireo.console.vm;

import io.swagger.v3.oas.annotations.media.Schema;

/** Where a stopped VM moves: to a host, and with its files copied into another datastore when one is named. */
public record MigrateRequest(
        @Schema(description = "a libvirt host's id; null for the embedded engine (local)") Long hostId,
        @Schema(description = "optional: a datastore to copy the VM's folder (its whole disk chain) into, the source"
                + " folder removed once the VM points at the copy; without it the files stay where they are")
        Long datastoreId) {
}
