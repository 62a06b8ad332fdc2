package io.vireo.console.vm;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A change to a stopped VM's name, description, vCPUs (and their sockets) and memory (and its minimum); sockets and
 * minimum left out are the defaults (one socket, a quarter of the memory), as when the VM is made.
 */
public record VmUpdate(
        @NotBlank @Pattern(regexp = VmRequest.NAME, message = VmRequest.NAME_RULE) String name,
        @Size(max = 512) String description,
        @NotNull @Min(1) @Max(64) Integer vcpus,
        @NotNull @Min(64) @Max(1048576) Long memoryMib,
        @Schema(description = "Cores in each virtual socket; left out, one socket holds every vCPU") @Min(1) @Max(64)
        Integer coresPerSocket,
        @Schema(description = "vCPUs per core; 1 when left out") @Min(1) @Max(VmTopology.MAX_THREADS_PER_CORE)
        Integer threadsPerCore,
        @Schema(description = "The least memory the balloon may leave the VM; left out, a quarter of memoryMib and at"
                + " least 64") @Min(VmMemory.FLOOR_MIB) @Max(1048576) Long memoryMinMib) {

    /** Name, description and size, with the vCPUs in one socket and the default memory minimum. */
    public VmUpdate(String name, String description, Integer vcpus, Long memoryMib) {
        this(name, description, vcpus, memoryMib, null, null, null);
    }
}
