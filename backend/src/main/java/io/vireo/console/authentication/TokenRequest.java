package io.vireo.console.authentication;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new personal token; {@code validDays} empty means it never expires. */
public record TokenRequest(@NotBlank @Size(max = 64) String name, @Min(1) @Max(3650) Integer validDays) {
}
