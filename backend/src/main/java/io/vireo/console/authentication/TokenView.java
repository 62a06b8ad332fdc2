package io.vireo.console.authentication;

import java.time.Instant;

/** A token as listed: never its secret. */
public record TokenView(Long id, String name, String prefix, Instant createdAt, Instant lastUsedAt,
        Instant expiresAt, boolean revoked) {

    public static TokenView of(ApiToken t) {
        return new TokenView(t.getId(), t.getName(), t.getPrefix(), t.getCreatedAt(), t.getLastUsedAt(),
                t.getExpiresAt(), t.isRevoked());
    }
}
