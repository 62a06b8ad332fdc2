package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** A libvirt host's use from two readings of its node counters, as the hosts list shows it. */
class NodeStatsTest {

    @Test
    void cpuUseIsTheBusyShareOfTheTimeBetweenTwoReadings() {
        Map<String, Long> before = Map.of("kernel", 1_000L, "user", 3_000L, "idle", 10_000L, "iowait", 0L);
        Map<String, Long> after = Map.of("kernel", 2_000L, "user", 4_000L, "idle", 15_000L, "iowait", 1_000L);

        assertThat(NodeStats.cpuPercent(before, after)).isEqualTo(25.0);
        assertThat(NodeStats.cpuPercent(after, after)).as("no time passed: not known").isNull();
        assertThat(NodeStats.cpuPercent(Map.of(), after)).isNull();
    }

    @Test
    void availableMemoryCountsWhatTheKernelCachesAndWouldGiveBack() {
        assertThat(NodeStats.availableMib(Map.of("total", 8_388_608L, "free", 1_048_576L, "buffers", 102_400L,
                "cached", 946_176L))).isEqualTo(2048);
    }
}
