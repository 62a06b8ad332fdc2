package io.vireo.console.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new user. The password is chosen by the administrator and changed by the user later. */
public record UserRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{1,63}",
                message = "lower-case letters, digits, dot, dash or underscore; 2 to 64 characters") String username,
        @NotBlank @Size(max = 128) String displayName,
        @Email @Size(max = 254) String email,
        @NotBlank @Size(min = 12, max = 128, message = "at least 12 characters") String password,
        @NotNull GlobalRole role) {
}
