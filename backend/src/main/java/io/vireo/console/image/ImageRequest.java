package io.vireo.console.image;

import io.vireo.console.domain.PrintableText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Registers a file that already lies in a datastore, by its path relative to the datastore. */
public record ImageRequest(
        @NotBlank @Size(max = 128)
        @Pattern(regexp = PrintableText.PATTERN, message = PrintableText.RULE) String name,
        @NotNull ImageKind kind,
        @NotBlank @Pattern(regexp = "raw|qcow2|iso|vmdk|kernel", message = "one of raw, qcow2, iso, vmdk, kernel")
        String format,
        @NotNull Long datastoreId,
        @NotBlank @Size(max = 1024)
        @Pattern(regexp = PrintableText.PATTERN, message = PrintableText.RULE) String path) {
}
