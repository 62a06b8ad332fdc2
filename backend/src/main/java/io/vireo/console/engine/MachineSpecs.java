package io.vireo.console.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vireo.engine.boot.CpuTopology;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VmSpec;

/** The engine's spec of a console VM: what {@link LaunchSpec} says, and the devices every VM has. */
final class MachineSpecs {

    private MachineSpecs() {
    }

    /**
     * The hardware the console gives every VM: its disks, its network cards, a screen with keyboard and tablet, an
     * entropy source, and a balloon through which its memory is changed while it runs.
     */
    static VmSpec of(LaunchSpec launch, List<DeviceSpec.Nic> nics) throws IOException {
        List<DeviceSpec> devices = new ArrayList<>();
        for (LaunchSpec.Disk disk : launch.disks()) {
            devices.add(new DeviceSpec.Disk(disk.file(), ImageFormat.parse(disk.format()), disk.readOnly(),
                    Optional.of(disk.root())));
        }
        devices.addAll(nics);
        devices.addAll(everyVmsDevices());
        int perSocket = launch.coresPerSocket() * launch.threadsPerCore();
        return new VmSpec(launch.name(), launch.vcpus(), launch.memoryMib() << 20, launch.kernel(),
                launch.initrd().orElse(null), launch.commandLine(), devices, new CpuTopology(
                        launch.vcpus() / perSocket, launch.coresPerSocket(), launch.threadsPerCore()));
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
