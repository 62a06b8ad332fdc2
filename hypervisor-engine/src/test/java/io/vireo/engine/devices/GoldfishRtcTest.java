package io.vireo.engine.devices;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The RTC as Linux's goldfish driver reads and sets it: low word first, which latches the high word. */
class GoldfishRtcTest {
    private static final int TIME_LOW = 0x00, TIME_HIGH = 0x04, ALARM_LOW = 0x08, ALARM_HIGH = 0x0C,
            IRQ_ENABLED = 0x10, CLEAR_ALARM = 0x14, ALARM_STATUS = 0x18;
    private static final long TOLERANCE = Duration.ofSeconds(2).toNanos();

    private final GoldfishRtc rtc = new GoldfishRtc();

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Reads the time the way the driver does: TIME_LOW, then the TIME_HIGH that read latched. */
    private long readTime() {
        long low = rtc.read(TIME_LOW, 4);
        return rtc.read(TIME_HIGH, 4) << 32 | low;
    }

    private void setTime(long nanos) {
        rtc.write(TIME_HIGH, 4, nanos >>> 32);
        rtc.write(TIME_LOW, 4, nanos & 0xFFFFFFFFL);
    }

    @Test
    void theTimeIsTheHostsInNanosecondsSinceTheEpoch() {
        long before = epochNanos(Instant.now());
        long time = readTime();
        long after = epochNanos(Instant.now());
        assertThat(time).isBetween(before, after);
    }

    @Test
    void theHighWordIsWhatTheLastLowReadLatched() {
        assertThat(rtc.read(TIME_HIGH, 4)).as("nothing latched yet").isZero();
        long before = epochNanos(Instant.now());
        rtc.read(TIME_LOW, 4);
        long after = epochNanos(Instant.now());
        assertThat(rtc.read(TIME_HIGH, 4)).isBetween(before >>> 32, after >>> 32);
    }

    @Test
    void settingTheClockShiftsOnlyThisRtcsTime() {
        long dayAgo = epochNanos(Instant.now().minus(Duration.ofDays(1)));
        setTime(dayAgo);
        assertThat(readTime()).isCloseTo(dayAgo, within(TOLERANCE));
        GoldfishRtc other = new GoldfishRtc();
        long low = other.read(TIME_LOW, 4);
        long otherTime = other.read(TIME_HIGH, 4) << 32 | low;
        assertThat(otherTime).as("another VM's clock is untouched").isCloseTo(epochNanos(Instant.now()), within(TOLERANCE));
    }

    @Test
    void alarmsAreAcceptedButNeverFire() {
        long now = readTime();
        rtc.write(ALARM_HIGH, 4, (now - 1) >>> 32);
        rtc.write(ALARM_LOW, 4, (now - 1) & 0xFFFFFFFFL);
        rtc.write(IRQ_ENABLED, 4, 1);
        rtc.write(CLEAR_ALARM, 4, 0);
        assertThat(rtc.read(ALARM_STATUS, 4)).isZero();
        assertThat(readTime()).as("programming an alarm does not move the clock")
                .isCloseTo(epochNanos(Instant.now()), within(TOLERANCE));
    }
}
