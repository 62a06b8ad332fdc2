package io.vireo.console.vm;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A VM deployed from a template into a team: linked over the template's files, or a full copy of them. */
public record DeployRequest(
        @NotBlank @Pattern(regexp = VmRequest.NAME, message = VmRequest.NAME_RULE) String name,
        @NotNull Long teamId,
        DiskMode mode) {
}
