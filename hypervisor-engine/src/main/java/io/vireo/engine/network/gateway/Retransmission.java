package io.vireo.engine.network.gateway;

import java.time.Duration;

/**
 * When a {@link TcpFlow} sends again what the guest has not acknowledged: a timer whose period doubles with each
 * retry (up to 2^6 times the base), and the count of duplicate ACKs that asks for a resend at once. Runs on the
 * network's thread only.
 */
final class Retransmission {
    private static final int DUPLICATE_ACKS = 3;
    private static final int MAX_BACKOFF = 6;

    private final long baseNanos;
    private final int maxRetries;
    private int duplicateAcks;
    private int retries;
    /** When the timer fires, on the System.nanoTime scale; 0 while it is not armed. */
    private long dueAt;

    Retransmission(Duration base, int maxRetries) {
        this.baseNanos = base.toNanos();
        this.maxRetries = maxRetries;
    }

    void arm(long now) {
        dueAt = now + (baseNanos << Math.min(retries, MAX_BACKOFF));
    }

    /** Arms the timer unless it already runs. */
    void armIfIdle(long now) {
        if (dueAt == 0) {
            arm(now);
        }
    }

    void disarm() {
        dueAt = 0;
    }

    boolean due(long now) {
        return dueAt != 0 && now - dueAt >= 0;
    }

    /** The guest acknowledged new data: back-off and duplicates start over; the timer runs while data is in flight. */
    void progressed(long now, boolean inFlight) {
        duplicateAcks = 0;
        retries = 0;
        if (inFlight) {
            arm(now);
        } else {
            disarm();
        }
    }

    /** One more duplicate ACK; true at the third, when the flow should send again at once. */
    boolean duplicate() {
        return ++duplicateAcks == DUPLICATE_ACKS;
    }

    /** The flow rewound to the oldest unacknowledged byte: duplicates counted so far are answered. */
    void forgetDuplicates() {
        duplicateAcks = 0;
    }

    /** One more timeout; false once the flow has tried as often as it may. */
    boolean retry() {
        return ++retries <= maxRetries;
    }
}
