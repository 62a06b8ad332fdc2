package io.vireo.console.image;

import io.vireo.console.domain.PrintableText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Registers a kernel that already lies in a datastore, by its path relative to the datastore, with the
 * initramfs and command line it boots with. {@code kind} must be {@link ImageKind#KERNEL}: the engine boots
 * a kernel directly, and has no CD-ROM drive for an ISO nor a way to import a disk image.
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
