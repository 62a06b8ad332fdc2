package io.vireo.console.hosts.credentials;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A sealed credential's row; the secret in it opens only with the master key, which the database never holds. */
@Entity
@Table(name = "host_credentials")
public class HostCredential {

    @Id
    private String name;
    private String publicPart;
    private String keyId;
    @Column(name = "sealed")
    private String sealedValue;
    private Instant createdAt;

    protected HostCredential() {
    }

    HostCredential(SealedCredential credential, Instant now) {
        this.name = credential.name();
        this.publicPart = credential.publicPart();
        this.keyId = credential.keyId();
        this.sealedValue = credential.sealed();
        this.createdAt = now;
    }

    SealedCredential sealed() {
        return new SealedCredential(name, publicPart, keyId, sealedValue);
    }

    public Instant getCreatedAt() { return createdAt; }
}
