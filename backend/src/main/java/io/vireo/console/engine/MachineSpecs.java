package io.vireo.console.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vireo.engine.boot.CpuTopology;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VmSpec;

/** The engine's spec of a console VM: what {@link LaunchSpec} says, and the devices every VM has. */
final class MachineSpecs {
    /**
     * Where a VM that boots from its disk gets the kernel and initrd the engine reads from the disk at each boot:
     * in its own folder, so they go wherever the VM goes and two VMs never share them.
     */
    static final String DISK_KERNEL = "disk-boot.Image", DISK_INITRD = "disk-boot.initrd";

    private MachineSpecs() {
    }

    /**
     * The hardware the console gives every VM: its disks, its network cards, a screen with keyboard and tablet, an
     * entropy source, a balloon through which its memory is changed while it runs, and a SCSI controller with its
     * SCSI disks and a CD-ROM drive.
     */
    static VmSpec of(LaunchSpec launch, List<DeviceSpec.Nic> nics) throws IOException {
        List<DeviceSpec> devices = new ArrayList<>();
        List<DeviceSpec.Disk> scsiDisks = new ArrayList<>();
        for (LaunchSpec.Disk disk : launch.disks()) {
            DeviceSpec.Disk device = new DeviceSpec.Disk(disk.file(), ImageFormat.parse(disk.format()),
                    disk.readOnly(), Optional.of(disk.root()));
            if (disk.scsi()) {
                scsiDisks.add(device);
            } else {
                devices.add(device);
            }
        }
        devices.addAll(nics);
        devices.addAll(everyVmsDevices());
        devices.add(scsiController(scsiDisks, launch.disc()));
        int perSocket = launch.coresPerSocket() * launch.threadsPerCore();
        CpuTopology topology = new CpuTopology(launch.vcpus() / perSocket, launch.coresPerSocket(),
                launch.threadsPerCore());
        boolean fromDisk = launch.kernel().isEmpty();
        Path kernel = launch.kernel().orElse(launch.folder().resolve(DISK_KERNEL));
        Path initrd = fromDisk ? launch.folder().resolve(DISK_INITRD) : launch.initrd().orElse(null);
        return new VmSpec(launch.name(), launch.vcpus(), launch.memoryMib() << 20, kernel, initrd,
                launch.commandLine(), devices, topology, fromDisk);
    }

    /** The virtio SCSI controller with the VM's SCSI disks and its one CD-ROM drive, empty or holding {@code disc}. */
    static DeviceSpec.ScsiController scsiController(List<DeviceSpec.Disk> disks, Optional<Path> disc) {
        return new DeviceSpec.ScsiController(disks, List.of(disc));
    }

    /**
     * The devices every VM has besides its disks and NICs: a screen, a keyboard and tablet, an entropy source, a
     * balloon.
     */
    static List<DeviceSpec> everyVmsDevices() {
        return List.of(new DeviceSpec.Display(1024, 768), new DeviceSpec.Input(), new DeviceSpec.Rng(),
                new DeviceSpec.Balloon());
    }
}
