package io.vireo.engine.appliance;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bootable guest: a kernel for its {@code architecture} (a RISC-V {@code Image}, an x86-64 {@code bzImage}), the
 * initramfs it runs, and the command line it expects. A system that lives in the initramfs (tiny) prints
 * {@link #READY_MARKER} as a line of its own on the serial console once {@code /init} has loaded the modules; an
 * installed system's initramfs only starts the system on its {@code rootDisk}, which must be the VM's first disk.
 * Only riscv64 appliances run on the embedded engine; the others are for hosts whose QEMU runs their architecture.
 *
 * @param kernelVersion the kernel release, e.g. {@code 7.2.13+deb14-riscv64}
 * @param modules the modules {@code /init} loads, in load order
 */
public record Appliance(String name, ApplianceArchitecture architecture, Path kernel, Path initrd, String cmdline,
                        String kernelVersion, List<String> modules, Optional<RootDisk> rootDisk) {
    public static final String READY_MARKER = "VIREO-READY";

    public Appliance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(kernelVersion, "kernelVersion");
        modules = List.copyOf(modules);
        Objects.requireNonNull(rootDisk, "rootDisk");
    }

    /** A system that lives in its initramfs. */
    public Appliance(String name, ApplianceArchitecture architecture, Path kernel, Path initrd, String cmdline,
                     String kernelVersion, List<String> modules) {
        this(name, architecture, kernel, initrd, cmdline, kernelVersion, modules, Optional.empty());
    }
}
