package io.vireo.engine.vm;

import io.vireo.engine.boot.MachineLayout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Everything needed to build a virtual machine: its shape, boot files and devices. */
public record VmSpec(String name, int harts, long memoryBytes, Path kernel, Path initrd, String commandLine,
                     List<DeviceSpec> devices) {
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
    }

    public static VmSpec of(String name, int harts, long memoryBytes, Path kernel, Path initrd, String commandLine) {
        return new VmSpec(name, harts, memoryBytes, kernel, initrd, commandLine, List.of());
    }

    public VmSpec withDevices(List<DeviceSpec> devices) {
        return new VmSpec(name, harts, memoryBytes, kernel, initrd, commandLine, devices);
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
