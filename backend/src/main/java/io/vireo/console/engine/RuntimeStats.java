package io.vireo.console.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a running VM did recently: {@code samples} are the last minutes, oldest first, one every
 * {@link VmRuntime#SAMPLE_PERIOD}; {@code trapsByCause} counts since power-on.
 */
public record RuntimeStats(Duration uptime, long instructionsRetired, List<Sample> samples,
        Map<String, Long> trapsByCause, long residentMemoryBytes) {

    public RuntimeStats {
        samples = List.copyOf(samples);
        trapsByCause = Map.copyOf(trapsByCause);
    }

    /** One sample: guest instructions per second and host CPU use of its harts (100 = one host core). */
    public record Sample(long epochMillis, long instructionsPerSecond, double cpuPercent) {
    }
}
