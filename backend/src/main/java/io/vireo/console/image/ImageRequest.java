package io.vireo.console.image;

import io.vireo.console.domain.PrintableText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Registers a file that already lies in a datastore, by its path relative to the datastore, as a shared image:
 * a kernel (with the initramfs and command line it boots with), a disk image (qcow2 or raw, standing alone) or an
 * ISO image (whole 2048-byte blocks) for VMs' CD-ROM drives.
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
