package io.vireo.console.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine needs to power a VM on, resolved by the console from the inventory: its shape, the
 * kernel it boots directly, its disks, the folder where its serial log is kept, and its share of the host
 * CPU: {@code cpuShares} weigh it against other VMs, {@code cpuCapPercent} limits it in percent of a host core
 * per vCPU (0: no cap).
 */
public record LaunchSpec(Long vmId, String name, int vcpus, long memoryMib, Path kernel, Optional<Path> initrd,
        String commandLine, List<Disk> disks, Path folder, int cpuShares, int cpuCapPercent) {

    public LaunchSpec {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(kernel, "kernel");
        disks = List.copyOf(disks);
    }

    /**
     * A disk file and its stated format ({@code raw} or {@code qcow2}); the format is never probed. Every file of
     * its chain must lie under {@code root} (its datastore), whatever a file's backing name says.
     */
    public record Disk(Path file, String format, boolean readOnly, Path root) {
    }
}
