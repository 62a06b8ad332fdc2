package io.vireo.console.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotaStatusTest {

    @Test
    void barsShowUsageAndTheRequestAndFlagWhatWouldGoOver() {
        QuotaStatus status = new QuotaStatus(1L, "ops", new Resources(8, 8192, 100, 4),
                new Resources(4, 4096, 50, 2), new Resources(6, 1024, 10, 1));
        assertThat(status.exceeded()).containsExactly("vcpus");
        QuotaStatus.Bar cpus = status.bars().getFirst();
        assertThat(cpus.usedPercent()).isEqualTo(50);
        assertThat(cpus.requestedPercent()).isEqualTo(50);
        assertThat(cpus.over()).isTrue();
        assertThat(status.bars().get(1).over()).isFalse();
    }
}
