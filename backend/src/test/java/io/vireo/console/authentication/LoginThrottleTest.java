package io.vireo.console.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.vireo.console.MovableClock;

class LoginThrottleTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void locksAUserNameAfterFiveFailuresAndReleasesItLater() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("Alice", "10.0.0.1");
        }
        assertThat(throttle.isLocked("alice", "10.0.0.9")).isFalse();
        throttle.failed("alice", "10.0.0.2");
        assertThat(throttle.isLocked("ALICE", "10.0.0.9")).isTrue();
        clock.advance(LoginThrottle.LOCKOUT.plus(Duration.ofSeconds(1)));
        assertThat(throttle.isLocked("alice", "10.0.0.9")).isFalse();
    }

    @Test
    void locksAnAddressThatSpraysManyUserNames() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_ADDRESS; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }
        assertThat(throttle.isLocked("someone-else", "192.0.2.7")).isTrue();
        assertThat(throttle.isLocked("someone-else", "192.0.2.8")).isFalse();
    }

    @Test
    void aSuccessfulSignInForgetsEarlierFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("bob", "10.0.0.1");
        }
        throttle.succeeded("bob");
        throttle.failed("bob", "10.0.0.1");
        assertThat(throttle.isLocked("bob", "10.0.0.3")).isFalse();
    }
}
