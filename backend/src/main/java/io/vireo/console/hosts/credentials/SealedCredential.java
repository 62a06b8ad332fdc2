package io.vireo.console.hosts.credentials;

/** A credential as stored: its name, its public part (shown freely), the master key's id, and the sealed secret. */
public record SealedCredential(String name, String publicPart, String keyId, String sealed) {
}
