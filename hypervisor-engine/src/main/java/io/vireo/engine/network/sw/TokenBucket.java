package io.vireo.engine.network.sw;

import java.time.Duration;
import java.time.InstantSource;

/**
 * A byte-rate limiter as Firecracker's: a bucket that holds one refill period's worth of bytes (never less
 * than one largest frame, so every frame can pass eventually) and refills continuously at the rate. A frame
 * passes when the bucket holds its size, and is dropped otherwise; the caller counts the drop.
 *
 * <p>Tokens are kept in byte-milliseconds so that slow rates checked often still accumulate.
 */
public final class TokenBucket {
    /** Shorter periods let a guest burst and starve in quick turns, and cost a clock read too often. */
    public static final Duration MINIMUM_REFILL = Duration.ofMillis(100);

    /** The most bytes a bucket holds, so that its byte-milliseconds fit a long. */
    private static final long MAX_BYTES = Long.MAX_VALUE / 1000;

    private final InstantSource clock;
    private final long bytesPerSecond;
    private final long capacity;
    private long tokens;
    private long lastRefill;

    /**
     * @param bytesPerSecond the sustained rate
     * @param refillPeriod how long an empty bucket takes to fill, at least {@link #MINIMUM_REFILL}
     * @param minimumBurst the largest single frame the bucket must admit
     */
    public TokenBucket(long bytesPerSecond, Duration refillPeriod, long minimumBurst, InstantSource clock) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("a rate is a positive number of bytes per second, was " + bytesPerSecond);
        }
        if (refillPeriod.compareTo(MINIMUM_REFILL) < 0) {
            throw new IllegalArgumentException("a token bucket refills over at least 100 ms, was " + refillPeriod);
        }
        this.clock = clock;
        this.bytesPerSecond = bytesPerSecond;
        long periodMillis = refillPeriod.toMillis();
        long periodBytes = bytesPerSecond > MAX_BYTES / periodMillis ? MAX_BYTES : bytesPerSecond * periodMillis / 1000;
        this.capacity = Math.min(MAX_BYTES, Math.max(periodBytes, minimumBurst)) * 1000;
        this.tokens = capacity;
        this.lastRefill = clock.millis();
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Takes {@code bytes} from the bucket if it holds them; whether it did. */
    public synchronized boolean tryTake(long bytes) {
        long now = clock.millis();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            long added = elapsed >= capacity / bytesPerSecond ? capacity : elapsed * bytesPerSecond;
            tokens = Math.min(capacity, tokens + added);
            lastRefill = now;
        }
        long needed = bytes * 1000;
        if (tokens < needed) {
            return false;
        }
        tokens -= needed;
        return true;
    }
}
