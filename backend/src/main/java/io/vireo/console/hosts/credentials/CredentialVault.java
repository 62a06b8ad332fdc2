package io.vireo.console.hosts.credentials;

import java.nio.file.Path;
import java.util.Optional;

import javax.crypto.AEADBadTagException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Host credentials sealed at rest: the secret goes to the {@link CredentialStore} only sealed with the
 * {@link MasterKey}, which lives outside the database ({@code vireo.secrets.key} / {@code VIREO_SECRETS_KEY}, else the
 * file {@code vireo.secrets.key-file}, by default {@code <data-dir>/secrets.key}, made on first use). A console that
 * has sealed credentials but not their key stops with why, and never makes a new key over them.
 */
@Component
public class CredentialVault {
    private static final String HOW = " (vireo.secrets.key-file, or the key itself in VIREO_SECRETS_KEY)";

    private final CredentialStore store;
    private final Optional<String> inlineKey;
    private final Path keyFile;

    public CredentialVault(CredentialStore store, @Value("${vireo.secrets.key:}") String inlineKey,
            @Value("${vireo.secrets.key-file:${vireo.data-dir}/secrets.key}") Path keyFile) {
        this.store = store;
        this.inlineKey = Optional.of(inlineKey).filter(k -> !k.isBlank());
        this.keyFile = keyFile;
    }

    /** The public part kept beside a credential (an SSH public key); empty when none is stored. */
    public Optional<String> publicPart(String name) {
        return store.find(name).map(SealedCredential::publicPart);
    }

    /** The secret stored under {@code name}, opened; empty when none is stored. */
    public Optional<byte[]> open(String name) {
        return store.find(name).map(this::open);
    }

    /**
     * Seals and stores the secret unless one of that name is stored, and answers the secret kept: another console on
     * the same database may have stored its own first.
     */
    public byte[] sealIfAbsent(String name, String publicPart, byte[] secret) {
        Optional<SealedCredential> stored = store.find(name);
        if (stored.isPresent()) {
            return open(stored.get());
        }
        MasterKey key = MasterKey.existing(inlineKey, keyFile).orElseGet(() -> MasterKey.create(keyFile));
        SealedCredential kept = store.saveIfAbsent(new SealedCredential(name, publicPart, key.id(),
                key.seal(secret, name)));
        return open(kept);
    }

    private byte[] open(SealedCredential credential) {
        MasterKey key = MasterKey.existing(inlineKey, keyFile).orElseThrow(() -> new IllegalStateException(
                "The host credentials in the database are sealed with master key " + credential.keyId()
                        + ", but the console has no master key: give it that key in " + keyFile + HOW
                        + ". It makes no new key, which could not open them."));
        if (!key.id().equals(credential.keyId())) {
            throw new IllegalStateException("The master key from " + key.origin() + " (" + key.id() + ") is not the"
                    + " one the host credentials in the database are sealed with (" + credential.keyId()
                    + "): start the console with that key" + HOW + ".");
        }
        try {
            return key.open(credential.sealed(), credential.name());
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("The host credential " + credential.name() + " does not open with"
                    + " its master key " + key.id() + ": it was altered in the database.", e);
        }
    }
}
