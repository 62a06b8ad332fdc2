package io.vireo.console.authentication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after {@value #MAX_FAILURES} failed sign-ins for one user name, or
 * {@value #MAX_FAILURES_PER_ADDRESS} from one address, within {@link #WINDOW}, sign-in is refused for
 * {@link #LOCKOUT} even with the right password.
 */
@Component
public class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final int MAX_FAILURES_PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LOCKOUT = Duration.ofMinutes(15);
    /** Bounds memory under a spray of random user names; beyond it, stale entries are dropped first. */
    private static final int MAX_TRACKED = 10_000;

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    public boolean isLocked(String username, String address) {
        Instant now = clock.instant();
        return lockedAt(userKey(username), now) || lockedAt(addressKey(address), now);
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            failures.values().removeIf(f -> f.expiredAt(now));
        }
        record(userKey(username), MAX_FAILURES, now);
        record(addressKey(address), MAX_FAILURES_PER_ADDRESS, now);
    }

    public void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private boolean lockedAt(String key, Instant now) {
        Failures f = failures.get(key);
        return f != null && f.lockedUntil() != null && now.isBefore(f.lockedUntil());
    }

    private void record(String key, int limit, Instant now) {
        failures.compute(key, (k, old) -> {
            Failures current = old == null || old.expiredAt(now) ? new Failures(0, now, null) : old;
            int count = current.count() + 1;
            Instant lockedUntil = count >= limit ? now.plus(LOCKOUT) : current.lockedUntil();
            return new Failures(count, current.firstAt(), lockedUntil);
        });
    }

    /**
     * Form login trims the name before it looks the user up, so {@code "eve "} signs in as {@code eve}: the
     * throttle counts and checks that same name, or each spacing would be a fresh name with no failures.
     */
    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    private record Failures(int count, Instant firstAt, Instant lockedUntil) {

        boolean expiredAt(Instant now) {
            boolean windowOver = now.isAfter(firstAt.plus(WINDOW));
            return windowOver && (lockedUntil == null || !now.isBefore(lockedUntil));
        }
    }
}
