package io.vireo.engine.devices.virtio.net;

import java.util.function.LongSupplier;

/**
 * Paces one direction of a rate-limited NIC. Unlike the switch's dropping token bucket, it never loses a
 * frame: the guest's queue is the buffer. A byte budget refilled at a fixed rate and holding at most a tenth of a second's worth (at least 64 KiB),
 * so a NIC limited to R bytes per second moves R, plus at most that burst, in any second. A frame is
 * paid for after it went, which may leave the budget in debt; nothing more goes until it is paid off, so
 * a device never has to take a chain from the guest and then hand it back unserved.
 * Not thread-safe: each direction of a NIC has its own, used under that direction's lock.
 */
final class Pacer {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MIN_CAPACITY = 64 << 10;

    private final long rate;
    private final long capacity;
    private final LongSupplier nanoTime;
    private long tokens;
    private long refilledAt;

    /** @param rate bytes per second; @param nanoTime a monotonic clock (System::nanoTime, or a test's) */
    Pacer(long rate, LongSupplier nanoTime) {
        if (rate < 1) {
            throw new IllegalArgumentException("a rate is a positive number of bytes per second");
        }
        this.rate = rate;
        this.capacity = Math.max(MIN_CAPACITY, rate / 10);
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Whether anything may go now: the budget is not in debt. */
    boolean ready() {
        refill();
        return tokens > 0;
    }

    /** Pays for {@code bytes} that went. */
    void spend(int bytes) {
        refill();
        tokens -= bytes;
    }

    /** How long until the budget is out of debt (0 if it is now). */
    long nanosUntilReady() {
        refill();
        long missing = 1 - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing * (double) NANOS_PER_SECOND / rate);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed <= 0) {
            return;
        }
        // In doubles: nanoseconds times a rate of gigabytes per second overflows a long.
        double earned = Math.min(capacity - tokens, (double) elapsed * rate / NANOS_PER_SECOND);
        if (earned < 1) {
            if (tokens >= capacity) {
                refilledAt = now;
            }
            return;
        }
        long whole = (long) earned;
        tokens += whole;
        // Advance by the time the whole tokens took, so fractions of a byte are not lost between calls;
        // a full budget earns nothing more, so its clock starts again now.
        refilledAt = tokens >= capacity ? now : refilledAt + (long) Math.ceil(whole * (double) NANOS_PER_SECOND / rate);
    }
}
