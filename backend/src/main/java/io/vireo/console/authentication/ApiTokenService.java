package io.vireo.console.authentication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.authentication.internal.ApiTokenRepository;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.user.User;
import io.vireo.console.user.UserService;

/**
 * Personal API tokens: {@code vireo_<prefix>_<secret>} with 256 random bits. A fast hash (SHA-256) is
 * right here because the secret is random, not a password someone could guess.
 */
@Service
public class ApiTokenService {

    static final String SCHEME_PREFIX = "vireo_";

    private final ApiTokenRepository tokens;
    private final UserService users;
    private final AccessPolicy access;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokenService(ApiTokenRepository tokens, UserService users, AccessPolicy access, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<TokenView> mine() {
        return tokens.findByUserIdOrderByCreatedAtDesc(access.caller().userId()).stream().map(TokenView::of).toList();
    }

    @Audited(action = "token.create", target = "ApiToken")
    @Transactional
    public IssuedToken issue(TokenRequest request) {
        User user = users.me();
        String prefix = randomText(6);
        String secret = SCHEME_PREFIX + prefix + "_" + randomText(32);
        Instant now = clock.instant();
        Instant expires = request.validDays() == null ? null : now.plus(Duration.ofDays(request.validDays()));
        ApiToken token = tokens.save(new ApiToken(user, request.name(), prefix, hash(secret), expires, now));
        return new IssuedToken(TokenView.of(token), secret);
    }

    @Audited(action = "token.revoke", target = "ApiToken")
    @Transactional
    public void revoke(Long id) {
        ApiToken token = tokens.findById(id)
                .filter(t -> t.getUser().getId().equals(access.caller().userId()))
                .orElseThrow(() -> new NotFoundException("Token", id));
        token.revoke();
    }

    /** The owner's name when the secret belongs to a live token of an enabled user. */
    @Transactional
    public Optional<String> authenticate(String secret) {
        if (secret == null || !secret.startsWith(SCHEME_PREFIX) || secret.length() > 128) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tokens.findByTokenHash(hash(secret))
                .filter(token -> token.isUsableAt(now))
                .map(token -> {
                    token.usedAt(now);
                    return token.getUser().getUsername();
                });
    }

    private String randomText(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer).replace('_', 'x').replace('-', 'y');
    }

    static String hash(String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
