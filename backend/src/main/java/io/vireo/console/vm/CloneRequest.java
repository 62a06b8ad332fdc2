package io.vireo.console.vm;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A clone of a VM: its name (also its guest's host name), its team (the source's when empty), FULL or LINKED, and
 * the state it copies: a snapshot's, or the current one.
 */
public record CloneRequest(
        @NotBlank @Pattern(regexp = VmRequest.NAME, message = VmRequest.NAME_RULE) String name,
        Long teamId,
        @NotNull DiskMode mode,
        @Schema(description = "The snapshot whose state is cloned. Without it a FULL clone copies the current state"
                + " (the VM must be stopped) and a LINKED clone stands on a snapshot taken for it first.")
        Long snapshotId) {
}
