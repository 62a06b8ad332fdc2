package io.vireo.console.engine;

import java.nio.file.Path;

/** A starter guest the engine assembled: a kernel booted directly with its initramfs and command line. */
public record BuiltAppliance(String name, Path kernel, Path initrd, String commandLine, String kernelVersion) {
}
