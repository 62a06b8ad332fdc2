package io.vireo.engine.network.sw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.network.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final ManualClock clock = new ManualClock();

    @Test
    void aFullBucketAdmitsOnePeriodsWorthThenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(10_000, Duration.ofMillis(100), 100, clock);
        assertThat(bucket.tryTake(600)).isTrue();
        assertThat(bucket.tryTake(400)).isTrue();
        assertThat(bucket.tryTake(1)).as("1000 bytes, one 100 ms period at 10 kB/s, taken").isFalse();

        clock.advance(Duration.ofMillis(50));
        assertThat(bucket.tryTake(501)).isFalse();
        assertThat(bucket.tryTake(500)).isTrue();
    }

    @Test
    void idleTimeFillsTheBucketOnlyToItsCapacity() {
        TokenBucket bucket = new TokenBucket(10_000, Duration.ofMillis(100), 100, clock);
        bucket.tryTake(1000);
        clock.advance(Duration.ofHours(3));
        assertThat(bucket.tryTake(1000)).isTrue();
        assertThat(bucket.tryTake(1)).isFalse();
    }

    @Test
    void aSlowRateCheckedOftenStillAccumulates() {
        TokenBucket bucket = new TokenBucket(500, Duration.ofMillis(100), 10, clock);
        bucket.tryTake(50);
        int admitted = 0;
        for (int ms = 0; ms < 1000; ms++) {
            clock.advance(Duration.ofMillis(1));
            if (bucket.tryTake(10)) {
                admitted++;
            }
        }
        assertThat(admitted).as("500 B/s for one second in 10-byte frames").isEqualTo(50);
    }

    @Test
    void theBucketAlwaysAdmitsTheLargestFrame() {
        TokenBucket bucket = new TokenBucket(1000, Duration.ofMillis(100), 9000, clock);
        assertThat(bucket.tryTake(9000)).isTrue();
        assertThat(bucket.tryTake(1)).isFalse();
        clock.advance(Duration.ofSeconds(9));
        assertThat(bucket.tryTake(9000)).isTrue();
    }

    @Test
    void refillPeriodsUnder100MillisecondsAreRefused() {
        assertThatThrownBy(() -> new TokenBucket(1000, Duration.ofMillis(99), 1, clock))
                .hasMessageContaining("100 ms");
        assertThatThrownBy(() -> new TokenBucket(0, Duration.ofMillis(100), 1, clock))
                .hasMessageContaining("positive");
    }
}
