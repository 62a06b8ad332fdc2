package io.vireo.console.image;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The name of a disk image to make from a VM or template; it also names the file, {@code images/<name>.qcow2},
 * so it is a plain file name.
 */
public record ImageName(
        @NotBlank @Pattern(regexp = ImageName.PATTERN, message = ImageName.RULE) String name) {

    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    public static final String RULE = "letters, digits, dot, dash or underscore; 1 to 64 characters";
}
