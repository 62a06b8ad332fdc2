package io.vireo.console.template;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A template made from a disk image: its first disk is a copy of the image, its VMs boot {@code kernelImageId}.
 * {@code teamId} empty makes it shared (admins only).
 */
public record ImageTemplateRequest(
        @NotNull Long imageId,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                message = "letters, digits, dot, dash or underscore; 1 to 64 characters") String name,
        @Size(max = 512) String description,
        Long teamId,
        @NotNull Long kernelImageId,
        @NotNull @Min(1) @Max(64) Integer vcpus,
        @NotNull @Min(64) @Max(1048576) Long memoryMib) {
}
