package io.vireo.engine.boot.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a disk boots: an uncompressed RISC-V kernel Image, an initrd (empty: none), the command line, and
 * {@code origin}, where they were found ("/boot/extlinux/extlinux.conf, label l0, on disk 1 (ext4, partition 1)").
 */
public record BootFiles(byte[] kernel, byte[] initrd, String commandLine, String origin) {
    public static final String KERNEL_FILE = "disk-boot.Image", INITRD_FILE = "disk-boot.initrd";

    /** The files written for the engine to load, and the command line to boot them with. */
    public record Written(Path kernel, Optional<Path> initrd, String commandLine, String origin) {
    }

    /**
     * Writes kernel and initrd into {@code dir}, each through a temporary file and a rename, so a VM never
     * boots half a kernel; a stale initrd of an earlier boot is removed when this one has none.
     */
    public Written writeTo(Path dir) throws IOException {
        Path kernelFile = replace(dir.resolve(KERNEL_FILE), kernel);
        Path initrdFile = dir.resolve(INITRD_FILE);
        if (initrd.length == 0) {
            Files.deleteIfExists(initrdFile);
            return new Written(kernelFile, Optional.empty(), commandLine, origin);
        }
        return new Written(kernelFile, Optional.of(replace(initrdFile, initrd)), commandLine, origin);
    }

    private static Path replace(Path file, byte[] bytes) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, bytes);
        return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
