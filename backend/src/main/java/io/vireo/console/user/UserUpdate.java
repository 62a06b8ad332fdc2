package io.vireo.console.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record UserUpdate(
        @NotBlank @Size(max = 128) String displayName,
        @Email @Size(max = 254) String email,
        @NotNull GlobalRole role,
        @NotNull Boolean enabled) {
}
