package io.vireo.engine.network.gateway;

import java.time.Duration;

/**
 * When a {@link TcpFlow} owes the guest an acknowledgment, as a real peer's delayed ACK (RFC 9293 §3.8.6.3):
 * at once for a FIN or two full segments unacknowledged, else within {@link GatewayLimits#ackDelay}, unless
 * a segment to the guest carries it first. Waiting lets an application's small writes gather into one large
 * segment, since the guest's kernel holds each next piece while the last is unacknowledged.
 */
final class DelayedAck {
    private final long delayNanos;
    private boolean owed;
    /** While owed: when the acknowledgment must go, on the System.nanoTime scale. */
    private long by;
    /** The acknowledgment number the guest last got. */
    private int sent;

    DelayedAck(Duration delay) {
        this.delayNanos = delay.toNanos();
    }

    /** Guest data up to {@code acknowledgment} was taken (or its FIN, {@code urgent}); {@code mss} is the guest's. */
    void owe(int acknowledgment, int mss, boolean urgent, long now) {
        long due = urgent || acknowledgment - sent >= 2 * mss ? now : now + delayNanos;
        if (!owed || due - by < 0) {
            by = due;
        }
        owed = true;
    }

    /** A segment carrying {@code acknowledgment} went to the guest. */
    void sent(int acknowledgment) {
        owed = false;
        sent = acknowledgment;
    }

    boolean owed() {
        return owed;
    }

    /** The nanoseconds until the owed acknowledgment is due: 0 or less once it is. */
    long untilDue(long now) {
        return by - now;
    }
}
