package io.vireo.engine.devices;

/**
 * Google's Goldfish real-time clock: nanoseconds since the Unix epoch from the host, so the guest's
 * date is the host's. Alarms are accepted but never fire (Linux only needs them for wake-up alarms).
 */
public final class GoldfishRtc implements MmioDevice {
    private static final int TIME_LOW = 0x00, TIME_HIGH = 0x04, ALARM_STATUS = 0x18;

    private long latchedHigh;
    private long offsetNanos;

    /** How far the guest set this clock away from the host's (nanoseconds), for a saved machine. */
    public synchronized long offsetNanos() {
        return offsetNanos;
    }

    public synchronized void restoreOffset(long nanos) {
        offsetNanos = nanos;
    }

    @Override
    public long size() {
        return 0x1000;
    }

    private long now() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano() + offsetNanos;
    }

    @Override
    public synchronized long read(long offset, int width) {
        return switch ((int) offset) {
            case TIME_LOW -> {
                long t = now();
                latchedHigh = t >>> 32;
                yield t & 0xFFFFFFFFL;
            }
            case TIME_HIGH -> latchedHigh;
            case ALARM_STATUS -> 0;
            default -> 0;
        };
    }

    @Override
    public synchronized void write(long offset, int width, long value) {
        if (offset == TIME_LOW || offset == TIME_HIGH) {
            // The guest setting the clock (hwclock -w) shifts only this VM's view of time.
            long current = now();
            long target = offset == TIME_LOW ? (current & ~0xFFFFFFFFL) | (value & 0xFFFFFFFFL)
                    : (value << 32) | (current & 0xFFFFFFFFL);
            offsetNanos += target - current;
        }
    }
}
