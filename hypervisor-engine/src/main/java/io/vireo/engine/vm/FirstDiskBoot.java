package io.vireo.engine.vm;

import io.vireo.engine.boot.disk.BootFiles;
import io.vireo.engine.boot.disk.DiskBoot;
import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.DiskChain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Before each boot of a VM that {@link VmSpec#bootsFromDisk}, reads what its first disk boots and writes it
 * where the spec says, so the machine loads it as it loads any kernel. The disk is opened read-only, and only
 * between two machines, when nothing else has it open. Public for hosts that boot kernels only directly (QEMU under
 * libvirt): they read a VM's disk the same way before its power-on.
 */
public final class FirstDiskBoot {
    /** How the disk is named to the user, counting from 1 as the console's disk list does. */
    private static final String DISK_NAME = "disk 1";

    private FirstDiskBoot() {
    }

    /** What the next machine boots, and where on the disk it was found ("" when the spec names its kernel). */
    public record Prepared(VmSpec spec, String origin) {
    }

    /** The spec the next machine boots: {@code spec} itself, or its disk's boot files and command line. */
    public static Prepared prepare(VmSpec spec) throws IOException {
        if (!spec.bootsFromDisk()) {
            return new Prepared(spec, "");
        }
        DeviceSpec.Disk disk = spec.disk(0);
        BootFiles found;
        try (DiskImage image = open(disk)) {
            found = DiskBoot.find(image, DISK_NAME);
        }
        Optional<Path> initrd = found.writeTo(spec.kernel(), spec.initrd());
        return new Prepared(spec.withBootFiles(spec.kernel(), initrd.orElse(null),
                (found.commandLine() + " " + spec.commandLine()).strip()), found.origin());
    }

    private static DiskImage open(DeviceSpec.Disk disk) throws IOException {
        Optional<ImageFormat> format = Optional.of(disk.format());
        return disk.root().isPresent() ? DiskChain.open(disk.image(), format, true, disk.root().get())
                : DiskChain.open(disk.image(), format, true);
    }
}
