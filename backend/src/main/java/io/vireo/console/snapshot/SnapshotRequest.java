package io.vireo.console.snapshot;

import io.vireo.console.domain.PrintableText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A snapshot to take: its name and, optionally, what it is for; {@code includeMemory} saves a running VM's memory
 * and machine state with its disks, so reverting brings it back running at that instant.
 */
public record SnapshotRequest(
        @NotBlank @Size(max = 64) @Pattern(regexp = PrintableText.PATTERN, message = PrintableText.RULE) String name,
        @Size(max = 512) @Pattern(regexp = PrintableText.PATTERN, message = PrintableText.RULE) String description,
        Boolean includeMemory) {

    public boolean withMemory() {
        return Boolean.TRUE.equals(includeMemory);
    }
}
