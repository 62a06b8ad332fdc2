package io.vireo.engine.devices.virtio.net;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {
    private static final long MS = 1_000_000;
    private final AtomicLong now = new AtomicLong(5_000 * MS);

    @Test
    void aTenthOfASecondsWorthGoesAtOnceThenTheBudgetIsInDebtUntilItRefills() {
        TokenBucket bucket = new TokenBucket(1_000_000, now::get);
        bucket.spend(60_000);
        assertThat(bucket.ready()).isTrue();
        bucket.spend(60_000);
        assertThat(bucket.ready()).as("100 000 bytes of burst spent, 20 000 in debt").isFalse();
        assertThat(bucket.nanosUntilReady()).isEqualTo(20_001_000);

        now.addAndGet(20 * MS);
        assertThat(bucket.ready()).as("1 byte short after 20 ms").isFalse();
        now.addAndGet(MS);
        assertThat(bucket.ready()).isTrue();
    }

    @Test
    void anIdleBudgetFillsOnlyToItsCapacity() {
        TokenBucket bucket = new TokenBucket(1_000_000, now::get);
        now.addAndGet(60_000 * MS);
        bucket.spend(100_000);
        assertThat(bucket.ready()).as("a minute of idling earns no more than the burst").isFalse();
    }

    @Test
    void aSlowRateStillLetsAFullFrameThroughAndThenWaits() {
        TokenBucket bucket = new TokenBucket(1_000, now::get);
        bucket.spend(64 << 10);
        assertThat(bucket.ready()).isFalse();
        bucket.spend(1518);
        assertThat(bucket.nanosUntilReady()).isEqualTo(1_519 * MS);
    }

    @Test
    void aHugeRateNeitherOverflowsNorStalls() {
        TokenBucket bucket = new TokenBucket(Long.MAX_VALUE / 4, now::get);
        bucket.spend(Integer.MAX_VALUE);
        now.addAndGet(900 * MS);
        assertThat(bucket.ready()).isTrue();
    }

    @Test
    void aRateIsPositive() {
        assertThatThrownBy(() -> new TokenBucket(0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
