package io.vireo.engine.appliance;

import java.util.List;
import java.util.Map;

/**
 * What goes into a named appliance: the kernel modules its devices need (their dependencies
 * are added from the modules' own {@code depends=}) and the kernel command line it boots with.
 *
 * <p>{@code console=tty0 console=ttyS0}: kernel messages go to the screen and the serial port,
 * and the last one, the serial port, becomes {@code /dev/console}. {@code earlycon=sbi} shows
 * early boot through the SBI debug console before the serial driver starts.
 */
public record ApplianceRecipe(String name, List<String> modules, String cmdline) {
    public static final String TINY = "tiny";

    private static final Map<String, ApplianceRecipe> KNOWN = Map.of(
            TINY, new ApplianceRecipe(TINY,
                    List.of("virtio_mmio", "virtio_gpu", "virtio_input", "virtio_blk", "virtio_net",
                            "virtio_rng", "virtio_balloon", "evdev", "ext4", "virtio_scsi", "sd_mod", "sr_mod",
                            "isofs"),
                    "console=tty0 console=ttyS0 earlycon=sbi"));

    public ApplianceRecipe {
        modules = List.copyOf(modules);
    }

    /** @throws ApplianceException naming the known appliances when {@code name} is not one */
    public static ApplianceRecipe named(String name) {
        ApplianceRecipe recipe = KNOWN.get(name);
        if (recipe == null) {
            throw new ApplianceException("no appliance named '" + name + "'; known: " + String.join(", ", KNOWN.keySet()));
        }
        return recipe;
    }
}
