package io.vireo.console.image;

import io.vireo.console.domain.PrintableText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Registers a file that already lies in a datastore, by its path relative to the datastore, as a shared image:
 * a kernel (with the initramfs and command line it boots with) or a disk image (qcow2 or raw, standing alone).
 * {@code kind} ISO is refused: the engine has no CD-ROM drive.
 */
public record ImageRequest(
        @NotBlank @Size(max = 128)
        @Pattern(regexp = PrintableText.PATTERN, message = PrintableText.RULE) String name,
        @NotNull ImageKind kind,
        @NotNull Long datastoreId,
        @NotBlank @Size(max = 1024)
        @Pattern(regexp = PrintableText.PATTERN, message = PrintableText.RULE) String path,
        @Size(max = 1024) @Pattern(regexp = PrintableText.PATTERN, message = PrintableText.RULE) String initrdPath,
        @Size(max = 1024) @Pattern(regexp = PrintableText.PATTERN, message = PrintableText.RULE) String commandLine) {
}
