package io.vireo.engine.devices.virtio.net;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacerTest {
    private static final long MS = 1_000_000;
    private final AtomicLong now = new AtomicLong(5_000 * MS);

    @Test
    void aTenthOfASecondsWorthGoesAtOnceThenTheBudgetIsInDebtUntilItRefills() {
        Pacer pacer = new Pacer(1_000_000, now::get);
        pacer.spend(60_000);
        assertThat(pacer.ready()).isTrue();
        pacer.spend(60_000);
        assertThat(pacer.ready()).as("100 000 bytes of burst spent, 20 000 in debt").isFalse();
        assertThat(pacer.nanosUntilReady()).isEqualTo(20_001_000);

        now.addAndGet(20 * MS);
        assertThat(pacer.ready()).as("1 byte short after 20 ms").isFalse();
        now.addAndGet(MS);
        assertThat(pacer.ready()).isTrue();
    }

    @Test
    void anIdleBudgetFillsOnlyToItsCapacity() {
        Pacer pacer = new Pacer(1_000_000, now::get);
        now.addAndGet(60_000 * MS);
        pacer.spend(100_000);
        assertThat(pacer.ready()).as("a minute of idling earns no more than the burst").isFalse();
    }

    @Test
    void aSlowRateStillLetsAFullFrameThroughAndThenWaits() {
        Pacer pacer = new Pacer(1_000, now::get);
        pacer.spend(64 << 10);
        assertThat(pacer.ready()).isFalse();
        pacer.spend(1518);
        assertThat(pacer.nanosUntilReady()).isEqualTo(1_519 * MS);
    }

    @Test
    void aHugeRateNeitherOverflowsNorStalls() {
        Pacer pacer = new Pacer(Long.MAX_VALUE / 4, now::get);
        pacer.spend(Integer.MAX_VALUE);
        now.addAndGet(900 * MS);
        assertThat(pacer.ready()).isTrue();
    }

    @Test
    void aRateIsPositive() {
        assertThatThrownBy(() -> new Pacer(0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
