package io.vireo.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock a test moves by hand, to check what happens once a time limit has passed without waiting for it:
 * standing still at a given instant, or following real time (for a whole console, whose work must go on).
 * Work on other threads (a task waiting for a deadline) sees each move.
 */
public final class MovableClock extends Clock {
    private final Clock base;
    private volatile Duration ahead = Duration.ZERO;

    public MovableClock(Instant start) {
        this(Clock.fixed(start, ZoneOffset.UTC));
    }

    private MovableClock(Clock base) {
        this.base = base;
    }

    public void advance(Duration by) {
        ahead = ahead.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(ahead);
    }

    /** Makes a console's clock real time that tests may move ahead (only ever forward, which nothing minds). */
    @TestConfiguration(proxyBeanMethods = false)
    public static class RealTime {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock(Clock.systemUTC());
        }
    }
}
