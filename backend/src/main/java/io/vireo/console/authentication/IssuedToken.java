package io.vireo.console.authentication;

import io.vireo.console.audit.AuditTarget;

/** A freshly created token with its secret: the only time the secret leaves the server. */
public record IssuedToken(TokenView token, String secret) implements AuditTarget {

    @Override
    public Long getId() {
        return token.id();
    }
}
