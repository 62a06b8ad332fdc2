package io.vireo.console.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record PasswordChange(
        @NotBlank String currentPassword,
        @NotBlank @Size(min = 12, max = 128, message = "at least 12 characters") String newPassword) {
}
