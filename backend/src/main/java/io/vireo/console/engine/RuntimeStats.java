package io.vireo.console.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a running VM did recently: {@code samples} are the last minutes, oldest first, one every
 * {@link VmRuntime#SAMPLE_PERIOD}; {@code trapsByCause} counts since power-on. What a host does not count is
 * empty: a libvirt host's QEMU counts no guest instructions or traps (its samples' instructions are 0), the
 * embedded engine counts no disk traffic.
 */
public record RuntimeStats(Duration uptime, OptionalLong instructionsRetired, List<Sample> samples,
        Map<String, Long> trapsByCause, long residentMemoryBytes, Optional<DiskTraffic> disks) {

    public RuntimeStats {
        samples = List.copyOf(samples);
        trapsByCause = Map.copyOf(trapsByCause);
    }

    /** The embedded engine's figures: it counts instructions and traps, not disk traffic. */
    public RuntimeStats(Duration uptime, long instructionsRetired, List<Sample> samples,
            Map<String, Long> trapsByCause, long residentMemoryBytes) {
        this(uptime, OptionalLong.of(instructionsRetired), samples, trapsByCause, residentMemoryBytes,
                Optional.empty());
    }

    /** One sample: guest instructions per second and host CPU use of its harts (100 = one host core). */
    public record Sample(long epochMillis, long instructionsPerSecond, double cpuPercent) {
    }

    /** What the VM's disks read and wrote since power-on, all disks together. */
    public record DiskTraffic(long readBytes, long writtenBytes) {
    }
}
