package io.vireo.console.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The appliance builder of {@link io.vireo.console.FakeEngineTest}: "debian" is a made-up 64 MiB qcow2 root disk,
 * made in moments instead of twenty minutes of installing; every other appliance (tiny) is built, or taken from the
 * cache, for real.
 */
public final class FakeApplianceFactory extends ApplianceFactory {
    public static final String KERNEL_VERSION = "6.99.1+fake-riscv64";
    public static final long DISK_BYTES = 64L << 20;

    private final DiskImages disks = new DiskImages();

    @Override
    public BuiltAppliance build(String name, BiConsumer<Integer, String> progress) {
        if (!name.equals("debian")) {
            return super.build(name, progress);
        }
        try {
            Path folder = Files.createTempDirectory("fake-debian");
            Path kernel = Files.writeString(folder.resolve("vmlinuz"), "not a kernel");
            Path initrd = Files.writeString(folder.resolve("initrd.img"), "not an initramfs");
            Path disk = folder.resolve("disk.qcow2");
            disks.createQcow2(disk, DISK_BYTES);
            progress.accept(50, "Configuring packages inside the guest");
            progress.accept(100, "Done");
            return new BuiltAppliance(name, kernel, initrd, "root=/dev/vda rw", KERNEL_VERSION, Optional.of(disk));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
