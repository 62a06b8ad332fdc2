package io.vireo.console.hosts.credentials;

import java.util.Optional;

/** Where sealed credentials are kept: the database, behind {@link JpaCredentialStore}. */
public interface CredentialStore {

    Optional<SealedCredential> find(String name);

    /** Keeps the credential unless one of that name is kept already; answers the one kept. */
    SealedCredential saveIfAbsent(SealedCredential credential);
}
