package io.vireo.console.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.vireo.engine.boot.MachineLayout;
import io.vireo.engine.vm.DeviceSpec;

/**
 * What the engine needs to power a VM on, resolved by the console from the inventory: its shape, the
 * kernel it boots directly (none: the engine reads kernel, initrd and command line from its first disk at every
 * boot, and {@code commandLine} is appended to the disk's), its disks, the ISO image in its CD-ROM drive (empty: no
 * disc), its network cards, the folder where its serial log is kept, and its
 * share of the host CPU: {@code cpuShares} weigh it against other VMs, {@code cpuCapPercent} limits it in
 * percent of a host core per vCPU (0: no cap). Its vCPUs sit in sockets of {@code coresPerSocket} cores of
 * {@code threadsPerCore} threads; its balloon never leaves it less than {@code memoryMinMib}. Its guest
 * {@code architecture} ({@code riscv64}, the only one the engine runs; {@code x86_64} on libvirt hosts) is Linux's name.
 */
public record LaunchSpec(Long vmId, String name, int vcpus, long memoryMib, Optional<Path> kernel, Optional<Path> initrd,
        String commandLine, List<Disk> disks, Optional<Path> disc, List<Nic> nics, Path folder, int cpuShares,
        int cpuCapPercent, int coresPerSocket, int threadsPerCore, long memoryMinMib, String architecture) {

    /**
     * How many disks and NICs a VM may have together: the engine's virtio-mmio slots less those of the devices every
     * VM has (see {@link MachineSpecs#everyVmsDevices}) and of the SCSI controller holding its CD-ROM drive (its SCSI
     * disks take no slot of their own; they are counted here all the same, to keep the rule simple).
     */
    public static final int DISK_AND_NIC_SLOTS = MachineLayout.VIRTIO_SLOTS
            - MachineSpecs.everyVmsDevices().stream().mapToInt(DeviceSpec::slots).sum()
            - MachineSpecs.scsiController(List.of(), Optional.empty()).slots();

    public LaunchSpec {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(disc, "disc");
        Objects.requireNonNull(architecture, "architecture");
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
    }

    /** The same VM over other disk files (after a snapshot put new tops on its chains). */
    public LaunchSpec withDisks(List<Disk> newDisks) {
        return new LaunchSpec(vmId, name, vcpus, memoryMib, kernel, initrd, commandLine, newDisks, disc, nics, folder,
                cpuShares, cpuCapPercent, coresPerSocket, threadsPerCore, memoryMinMib, architecture);
    }

    /** The same VM booting this kernel, initrd and command line directly. */
    public LaunchSpec withBootFiles(Path newKernel, Optional<Path> newInitrd, String newCommandLine) {
        return new LaunchSpec(vmId, name, vcpus, memoryMib, Optional.of(newKernel), newInitrd, newCommandLine, disks,
                disc, nics, folder, cpuShares, cpuCapPercent, coresPerSocket, threadsPerCore, memoryMinMib,
                architecture);
    }

    /**
     * A disk file and its stated format ({@code raw} or {@code qcow2}); the format is never probed. Every file of
     * its chain must lie under {@code root} (its datastore), whatever a file's backing name says. A {@code scsi} disk
     * sits on the SCSI controller, the others are virtio-blk devices.
     */
    public record Disk(Path file, String format, boolean readOnly, Path root, boolean scsi) {
    }

    /**
     * A network card: plugged into {@code network} (with the fixed addresses of all NICs on it) with its MAC, on an
     * optional VLAN, limited to an optional rate; its link as last set; the forwards to apply once it runs.
     */
    public record Nic(String mac, NetworkSettings network, Optional<Integer> vlan, Optional<Integer> rateLimitMbps,
            boolean linkUp, List<Forward> forwards) {
        public Nic {
            forwards = List.copyOf(forwards);
        }
    }

    /** Host address and port to a guest port of one NIC; {@code protocol} is TCP or UDP. */
    public record Forward(String protocol, String hostAddress, int hostPort, int guestPort) {
        @Override
        public String toString() {
            return protocol.toLowerCase() + " " + hostAddress + ":" + hostPort + " → guest port " + guestPort;
        }
    }
}
