package io.vireo.console.engine;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import io.vireo.console.domain.ConflictException;
import io.vireo.engine.boot.disk.DiskBootException;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.vm.FirstDiskBoot;
import io.vireo.engine.vm.VmSpec;

/**
 * For a host that boots kernels only directly (QEMU under libvirt, without a boot loader on the disk): what a VM
 * that boots from its disk boots, read from its first disk's {@code /boot} exactly as the embedded engine reads it,
 * and written to the VM's folder where the engine writes it.
 */
public final class DiskBootFiles {

    private DiskBootFiles() {
    }

    /** {@code launch} itself when it names its kernel, else the same VM booting what its disk holds now. */
    public static LaunchSpec resolve(LaunchSpec launch) throws IOException {
        if (launch.kernel().isPresent()) {
            return launch;
        }
        VmSpec found;
        try {
            found = FirstDiskBoot.prepare(MachineSpecs.of(launch, List.of())).spec();
        } catch (DiskBootException e) {
            throw new ConflictException("Nothing to boot on the disk", "VM " + launch.name() + " cannot power on: "
                    + e.getMessage());
        } catch (ImageException e) {
            throw new ConflictException("Disk unusable", "VM " + launch.name() + " cannot power on: " + e.getMessage());
        }
        return launch.withBootFiles(found.kernel(), Optional.ofNullable(found.initrd()), found.commandLine());
    }
}
