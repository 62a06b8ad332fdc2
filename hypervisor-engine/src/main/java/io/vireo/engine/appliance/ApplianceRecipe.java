package io.vireo.engine.appliance;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What goes into a named appliance: the architecture it is built for, the kernel modules its initramfs loads
 * (their dependencies are added from the modules' own {@code depends=}), the kernel command line it boots with,
 * and, for an appliance installed on a disk, the Debian packages it needs beyond Debian's {@code required} and
 * {@code important} ones (none for a system living in its initramfs).
 *
 * <p>"tiny" is one recipe built for each architecture: the same devices, scripts and ready marker, with the
 * architecture's virtio transport and consoles ({@link ApplianceArchitecture}). The riscv64 one keeps the plain
 * name it had before there were others, and with it its place in the cache.
 */
public record ApplianceRecipe(String name, ApplianceArchitecture architecture, List<String> modules, String cmdline,
                              List<String> systemPackages) {
    public static final String TINY = "tiny";
    public static final String TINY_X86_64 = "tiny-x86_64";
    public static final String DEBIAN = "debian";

    /** The devices a tiny guest can use: screen, keyboard, disks, network, entropy, balloon, CD-ROM. */
    private static final List<String> TINY_DEVICES = List.of("virtio_gpu", "virtio_input", "virtio_blk", "virtio_net",
            "virtio_rng", "virtio_balloon", "evdev", "ext4", "virtio_scsi", "sd_mod", "sr_mod", "isofs");

    private static final Map<String, ApplianceRecipe> KNOWN = Map.of(
            TINY, tiny(TINY, ApplianceArchitecture.RISCV64),
            TINY_X86_64, tiny(TINY_X86_64, ApplianceArchitecture.X86_64),
            DEBIAN, debian(ApplianceArchitecture.RISCV64));

    public ApplianceRecipe {
        modules = List.copyOf(modules);
        systemPackages = List.copyOf(systemPackages);
    }

    /** Whether the appliance is a system installed on a disk rather than one living in its initramfs. */
    public boolean installsSystem() {
        return !systemPackages.isEmpty();
    }

    /** The guest's host name: the appliance's name with {@code -} for {@code _}, which host names may not hold. */
    public String hostname() {
        return name.replace('_', '-');
    }

    /** @throws ApplianceException naming the known appliances when {@code name} is not one */
    public static ApplianceRecipe named(String name) {
        ApplianceRecipe recipe = KNOWN.get(name);
        if (recipe == null) {
            throw new ApplianceException("no appliance named '" + name + "'; known: " + String.join(", ", known()));
        }
        return recipe;
    }

    /** The names {@link #named} knows, sorted. */
    public static SortedSet<String> known() {
        return new TreeSet<>(KNOWN.keySet());
    }

    private static ApplianceRecipe tiny(String name, ApplianceArchitecture architecture) {
        return new ApplianceRecipe(name, architecture, withTransport(architecture, TINY_DEVICES),
                architecture.consoles(), List.of());
    }

    /** A Debian system on the VM's first disk; it is built by booting it in the embedded engine, so riscv64 only. */
    private static ApplianceRecipe debian(ApplianceArchitecture architecture) {
        return new ApplianceRecipe(DEBIAN, architecture, withTransport(architecture, List.of("virtio_blk", "ext4")),
                architecture.consoles() + " root=/dev/vda rw",
                List.of("systemd", "systemd-sysv", "systemd-resolved", "udev", "openssh-server", "python3",
                        "sudo", "less", "procps", "iproute2", "initramfs-tools", KernelPackages.metaPackage(architecture)));
    }

    private static List<String> withTransport(ApplianceArchitecture architecture, List<String> devices) {
        return Stream.concat(architecture.virtioTransport().stream(), devices.stream()).toList();
    }
}
