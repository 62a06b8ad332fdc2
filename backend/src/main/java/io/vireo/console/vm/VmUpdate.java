package io.vireo.console.vm;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A change to a stopped VM's name, description, vCPUs and memory. */
public record VmUpdate(
        @NotBlank @Pattern(regexp = VmRequest.NAME, message = VmRequest.NAME_RULE) String name,
        @Size(max = 512) String description,
        @NotNull @Min(1) @Max(64) Integer vcpus,
        @NotNull @Min(64) @Max(1048576) Long memoryMib) {
}
