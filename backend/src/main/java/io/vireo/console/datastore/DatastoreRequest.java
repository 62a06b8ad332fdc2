package io.vireo.console.datastore;

import io.vireo.console.domain.PrintableText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record DatastoreRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                message = "letters, digits, dot, dash or underscore; 1 to 64 characters") String name,
        @NotBlank @Size(max = 1024)
        @Pattern(regexp = PrintableText.PATTERN, message = PrintableText.RULE) String path) {
}
