package io.vireo.engine.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in a test for something another thread (a hart, a device, a guest) makes true: the condition is
 * polled until it holds or the deadline passes, so a test neither sleeps a fixed time and hopes nor
 * waits longer than the machine needs.
 */
public final class Await {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await() {
    }

    /** Returns once {@code condition} holds; fails with {@code failure}'s message if it does not within {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + failure.get());
            }
            TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
        }
    }
}
