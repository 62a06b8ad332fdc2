package io.vireo.console.vm;

import io.vireo.console.domain.PrintableText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A VM folder in a datastore to bring into the inventory for a team. */
public record RegisterRequest(@NotNull Long datastoreId, @NotBlank @Size(max = 512)
        @Pattern(regexp = PrintableText.PATTERN, message = PrintableText.RULE) String folder,
        @NotNull Long teamId) {
}
