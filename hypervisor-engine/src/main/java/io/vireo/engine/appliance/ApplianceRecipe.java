package io.vireo.engine.appliance;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What goes into a named appliance: the kernel modules its initramfs loads (their dependencies
 * are added from the modules' own {@code depends=}), the kernel command line it boots with, and,
 * for an appliance installed on a disk, the Debian packages it needs beyond Debian's
 * {@code required} and {@code important} ones (none for a system living in its initramfs).
 *
 * <p>{@code console=tty0 console=ttyS0}: kernel messages go to the screen and the serial port,
 * and the last one, the serial port, becomes {@code /dev/console}. {@code earlycon=sbi} shows
 * early boot through the SBI debug console before the serial driver starts.
 */
public record ApplianceRecipe(String name, List<String> modules, String cmdline, List<String> systemPackages) {
    public static final String TINY = "tiny";
    public static final String DEBIAN = "debian";

    private static final Map<String, ApplianceRecipe> KNOWN = Map.of(
            TINY, new ApplianceRecipe(TINY,
                    List.of("virtio_mmio", "virtio_gpu", "virtio_input", "virtio_blk", "virtio_net",
                            "virtio_rng", "virtio_balloon", "evdev", "ext4", "virtio_scsi", "sd_mod", "sr_mod",
                            "isofs"),
                    "console=tty0 console=ttyS0 earlycon=sbi", List.of()),
            DEBIAN, new ApplianceRecipe(DEBIAN,
                    List.of("virtio_mmio", "virtio_blk", "ext4"),
                    "console=tty0 console=ttyS0 earlycon=sbi root=/dev/vda rw",
                    List.of("systemd", "systemd-sysv", "systemd-resolved", "udev", "openssh-server", "python3",
                            "sudo", "less", "procps", "iproute2", "initramfs-tools", KernelPackages.META_PACKAGE)));

    public ApplianceRecipe {
        modules = List.copyOf(modules);
        systemPackages = List.copyOf(systemPackages);
    }

    /** Whether the appliance is a system installed on a disk rather than one living in its initramfs. */
    public boolean installsSystem() {
        return !systemPackages.isEmpty();
    }

    /** @throws ApplianceException naming the known appliances when {@code name} is not one */
    public static ApplianceRecipe named(String name) {
        ApplianceRecipe recipe = KNOWN.get(name);
        if (recipe == null) {
            throw new ApplianceException("no appliance named '" + name + "'; known: " + String.join(", ", new TreeSet<>(KNOWN.keySet())));
        }
        return recipe;
    }
}
