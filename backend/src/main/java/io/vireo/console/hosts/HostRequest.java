package io.vireo.console.hosts;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** A libvirt host to add: its name in the console and where its daemon is. */
public record HostRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                message = "letters, digits, dot, dash or underscore; 1 to 64 characters") String name,
        @Schema(description = "qemu:///system, qemu+ssh://[user@]host[:port]/system or qemu+tls://host[:port]/system")
        @NotBlank String uri) {
}
