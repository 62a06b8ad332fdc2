package io.vireo.engine.cpu;

/** The machine's timer: a 10 MHz count (the timebase the device tree announces) from host monotonic time. */
public final class GuestClock {
    public static final long FREQUENCY = 10_000_000L;
    private static final long NANOS_PER_TICK = 1_000_000_000L / FREQUENCY;

    private final long origin;

    public GuestClock() {
        this(0);
    }

    /** A clock that continues from {@code startTicks}, as a resumed machine's does. */
    public GuestClock(long startTicks) {
        this.origin = System.nanoTime() - startTicks * NANOS_PER_TICK;
    }

    public long ticks() {
        return (System.nanoTime() - origin) / NANOS_PER_TICK;
    }

    /** Host nanoseconds from now until the count reaches {@code ticks} (0 if already past). */
    public long nanosUntil(long ticks) {
        long now = ticks();
        if (Long.compareUnsigned(ticks, now) <= 0) {
            return 0;
        }
        long delta = ticks - now;
        return delta > Long.MAX_VALUE / NANOS_PER_TICK ? Long.MAX_VALUE : delta * NANOS_PER_TICK;
    }
}
