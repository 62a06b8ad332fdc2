package io.vireo.console.team;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record TeamRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}",
                message = "letters, digits, space, dot, dash or underscore; 1 to 64 characters") String name,
        @Size(max = 512) String description) {
}
