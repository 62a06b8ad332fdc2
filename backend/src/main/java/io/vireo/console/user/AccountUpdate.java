package io.vireo.console.user;

import jakarta.validation.constraints.Size;

/** What users change of their own account: the SSH public key (blank removes it). */
public record AccountUpdate(@Size(max = SshPublicKey.MAX_LENGTH) String sshPublicKey) {
}
