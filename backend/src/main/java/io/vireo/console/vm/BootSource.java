package io.vireo.console.vm;

import java.util.List;

/**
 * What a VM boots from. The engine has no firmware: it loads a kernel and its initramfs directly, either ones the
 * console names (a template's, an image's) or the ones the VM's first disk holds in its {@code /boot}.
 */
public enum BootSource {
    /**
     * The template's kernel image, which the VM keeps as its boot image; the VM gets a new blank disk of the
     * template's size.
     */
    TEMPLATE("Template"),
    /** A kernel image from the image library. */
    IMAGE("Kernel image"),
    /**
     * Its first disk: at every boot the engine reads the kernel, initrd and command line from the disk's
     * {@code /boot} (extlinux.conf, else the newest vmlinuz-*), so a kernel the guest installs boots next time.
     */
    DISK("Disk");

    /** The sources a new VM may choose. */
    public static final List<BootSource> OFFERED = List.of(TEMPLATE, IMAGE, DISK);

    private final String label;

    BootSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
