package io.vireo.console.template;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A new template: the shape of its VMs, the size of the blank disk each gets, and the kernel image they boot.
 * {@code teamId} empty makes it shared (admins only).
 */
public record TemplateRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                message = "letters, digits, dot, dash or underscore; 1 to 64 characters") String name,
        @Size(max = 512) String description,
        Long teamId,
        @Min(1) @Max(64) int vcpus,
        @Min(64) @Max(1048576) long memoryMib,
        @Min(1) @Max(65536) long diskGib,
        Long imageId) {
}
