package io.vireo.console.authentication;

import java.time.Instant;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.user.User;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A personal API token. Only its SHA-256 hash is stored; the secret is shown to the user once. */
@Entity
@Table(name = "api_tokens")
public class ApiToken extends IdentifiedEntity implements AuditTarget {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private User user;
    private String name;
    private String prefix;
    private String tokenHash;
    private Instant createdAt;
    private Instant lastUsedAt;
    private Instant expiresAt;
    private boolean revoked;

    protected ApiToken() {
    }

    ApiToken(User user, String name, String prefix, String tokenHash, Instant expiresAt, Instant now) {
        this.user = user;
        this.name = name;
        this.prefix = prefix;
        this.tokenHash = tokenHash;
        this.expiresAt = expiresAt;
        this.createdAt = now;
    }

    boolean isUsableAt(Instant now) {
        return !revoked && (expiresAt == null || now.isBefore(expiresAt)) && user.isEnabled();
    }

    void usedAt(Instant now) {
        this.lastUsedAt = now;
    }

    void revoke() {
        this.revoked = true;
    }

    public User getUser() { return user; }
    public String getName() { return name; }
    public String getPrefix() { return prefix; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getLastUsedAt() { return lastUsedAt; }
    public Instant getExpiresAt() { return expiresAt; }
    public boolean isRevoked() { return revoked; }
}
