package io.vireo.console.team;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

public record MemberRequest(@NotBlank String username, @NotNull TeamRole role) {
}
