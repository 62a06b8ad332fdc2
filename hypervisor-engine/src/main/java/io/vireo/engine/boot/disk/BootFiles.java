package io.vireo.engine.boot.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a disk boots: an uncompressed RISC-V kernel Image, an initrd (empty: none), the command line, and
 * {@code origin}, where they were found ("label l0 of /boot/extlinux/extlinux.conf on disk 1 (ext4, partition 1)").
 */
public record BootFiles(byte[] kernel, byte[] initrd, String commandLine, String origin) {
    /**
     * Writes the kernel to {@code kernelFile} and the initrd, if there is one, to {@code initrdFile}, each
     * through a temporary file and a rename, so a VM never boots half a kernel; a stale initrd of an earlier
     * boot is removed when this one has none. Returns the initrd written.
     */
    public Optional<Path> writeTo(Path kernelFile, Path initrdFile) throws IOException {
        // A VM resumed elsewhere may find its boot folder gone by the time its guest reboots.
        Files.createDirectories(kernelFile.toAbsolutePath().getParent());
        replace(kernelFile, kernel);
        if (initrd.length == 0) {
            Files.deleteIfExists(initrdFile);
            return Optional.empty();
        }
        return Optional.of(replace(initrdFile, initrd));
    }

    private static Path replace(Path file, byte[] bytes) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, bytes);
        return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
