package io.vireo.console.engine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A starter guest the engine assembled: a kernel booted directly with its initramfs and command line, or (with a
 * {@code rootDisk}) a system installed on a qcow2 disk that boots the kernel in its own {@code /boot}.
 */
public record BuiltAppliance(String name, Path kernel, Path initrd, String commandLine, String kernelVersion,
        Optional<Path> rootDisk) {
}
