package io.vireo.console.hosts;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A host as the API shows it. The embedded engine is {@code local}, with no id (a VM created without a
 * {@code hostId} runs there); an unreachable host shows what it was when last connected, and why it is not.
 */
public record HostView(
        @Schema(description = "null for the embedded engine") Long id,
        String name,
        @Schema(description = "EMBEDDED or LIBVIRT") String kind,
        String uri,
        HostState state,
        @Schema(description = "The host's own CPU architecture") String arch,
        @Schema(description = "The guest architectures it runs") List<String> guestArchitectures,
        Integer cpus,
        Long memoryMib,
        long vmCount,
        HostUsage usage,
        @Schema(description = "Why an unreachable host cannot be reached") String error,
        @Schema(description = "For a qemu+ssh host: the console's public SSH key, to add to the authorized_keys of"
                + " the URI's user on the host") String sshPublicKey,
        @Schema(description = "For a qemu+ssh host: the SHA256 fingerprint of the SSH host key the console trusts it"
                + " to present (compare it with ssh-keygen -lf on the host); null while none is trusted")
        String sshHostKeyFingerprint) {
}
