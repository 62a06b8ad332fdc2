package io.vireo.engine.vm;

import io.vireo.engine.boot.CpuTopology;
import io.vireo.engine.boot.MachineLayout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to build a virtual machine: its shape, boot files and devices. Its {@code harts} sit in
 * sockets and cores as {@code topology} says (which must count as many); without one, one socket holds them all.
 *
 * <p>A VM that {@code bootsFromDisk} has no kernel of its own: before every boot (power-on, reset, a reboot
 * from inside the guest) the kernel, initrd and command line are read from its first disk
 * ({@link io.vireo.engine.boot.disk.DiskBoot}) and written to {@code kernel} and {@code initrd}, so a kernel
 * the guest installed is the one its next boot runs; {@code commandLine} is appended to the disk's.
 */
public record VmSpec(String name, int harts, long memoryBytes, Path kernel, Path initrd, String commandLine,
                     List<DeviceSpec> devices, CpuTopology topology, boolean bootsFromDisk) {
    public static final long MIN_MEMORY = 16L << 20;
    public static final long MAX_MEMORY = 64L << 30;
    /**
     * The device tree carries the command line as a C string in the 2 MiB it has at the top of RAM; 4 KiB
     * is more than a Linux kernel reads of it.
     */
    public static final int MAX_COMMAND_LINE = 4096;

    public VmSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kernel, "kernel");
        commandLine = commandLine == null ? "" : commandLine;
        devices = List.copyOf(devices);
        if (harts < 1 || harts > MachineLayout.MAX_HARTS) {
            throw new IllegalArgumentException("harts must be 1.." + MachineLayout.MAX_HARTS + ", was " + harts);
        }
        topology = topology == null ? CpuTopology.flat(harts) : topology;
        if (topology.harts() != harts) {
            throw new IllegalArgumentException("%s make %d harts, not the %d of the VM"
                    .formatted(topology, topology.harts(), harts));
        }
        if (memoryBytes < MIN_MEMORY || memoryBytes > MAX_MEMORY || (memoryBytes & 0xFFFFF) != 0) {
            throw new IllegalArgumentException("memory must be a whole number of MiB between 16 MiB and 64 GiB");
        }
        if (commandLine.length() > MAX_COMMAND_LINE || commandLine.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the kernel command line must be at most " + MAX_COMMAND_LINE
                    + " characters without NUL bytes");
        }
        if (devices.stream().mapToInt(DeviceSpec::slots).sum() > MachineLayout.VIRTIO_SLOTS) {
            throw new IllegalArgumentException("the devices need more than " + MachineLayout.VIRTIO_SLOTS + " virtio slots");
        }
        if (bootsFromDisk && (initrd == null || devices.stream().noneMatch(DeviceSpec.Disk.class::isInstance))) {
            throw new IllegalArgumentException("a VM that boots from its disk needs a disk, and a place for its initrd");
        }
    }

    /** A VM that boots the kernel it names. */
    public VmSpec(String name, int harts, long memoryBytes, Path kernel, Path initrd, String commandLine,
                  List<DeviceSpec> devices, CpuTopology topology) {
        this(name, harts, memoryBytes, kernel, initrd, commandLine, devices, topology, false);
    }

    /** A VM whose harts all sit in one socket. */
    public VmSpec(String name, int harts, long memoryBytes, Path kernel, Path initrd, String commandLine,
                  List<DeviceSpec> devices) {
        this(name, harts, memoryBytes, kernel, initrd, commandLine, devices, null);
    }

    public static VmSpec of(String name, int harts, long memoryBytes, Path kernel, Path initrd, String commandLine) {
        return new VmSpec(name, harts, memoryBytes, kernel, initrd, commandLine, List.of());
    }

    /** A VM with as many harts as {@code topology} lays out, in its sockets, cores and threads. */
    public static VmSpec of(String name, CpuTopology topology, long memoryBytes, Path kernel, Path initrd,
                            String commandLine) {
        return new VmSpec(name, topology.harts(), memoryBytes, kernel, initrd, commandLine, List.of(), topology);
    }

    public VmSpec withDevices(List<DeviceSpec> devices) {
        return new VmSpec(name, harts, memoryBytes, kernel, initrd, commandLine, devices, topology, bootsFromDisk);
    }

    /** This spec booting {@code kernel} and {@code initrd} (null: none) with {@code commandLine}, as they are. */
    public VmSpec withBootFiles(Path kernel, Path initrd, String commandLine) {
        return new VmSpec(name, harts, memoryBytes, kernel, initrd, commandLine, devices, topology, false);
    }

    /** The {@code index}-th disk, counting only disks, in the order the devices list them. */
    public DeviceSpec.Disk disk(int index) {
        return (DeviceSpec.Disk) devices.get(diskPosition(index));
    }

    /** This spec with its {@code index}-th disk replaced. */
    public VmSpec withDisk(int index, DeviceSpec.Disk disk) {
        List<DeviceSpec> changed = new ArrayList<>(devices);
        changed.set(diskPosition(index), disk);
        return withDevices(changed);
    }

    private int diskPosition(int index) {
        int seen = 0;
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) instanceof DeviceSpec.Disk && seen++ == index) {
                return i;
            }
        }
        throw new IllegalArgumentException("the VM has " + seen + " disks, no disk " + index);
    }
}
