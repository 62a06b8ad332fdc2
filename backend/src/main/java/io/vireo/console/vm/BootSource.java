package io.vireo.console.vm;

import java.util.List;

/**
 * What a VM boots from. The engine boots a kernel and its initramfs directly: it has no firmware that could
 * load a boot loader from a disk, so only the sources that name a kernel are offered for new VMs.
 */
public enum BootSource {
    /**
     * The template's kernel image, which the VM keeps as its boot image; the VM gets a new blank disk of the
     * template's size.
     */
    TEMPLATE("Template"),
    /** A kernel image from the image library. */
    IMAGE("Kernel image"),
    /** Its first disk: found in VMs recorded before new VMs had to name a kernel; such a VM cannot power on. */
    DISK("Disk");

    /** The sources a new VM may choose. */
    public static final List<BootSource> OFFERED = List.of(TEMPLATE, IMAGE);

    private final String label;

    BootSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
