package io.vireo.console.image;

public enum ImageKind {
    /** An installer or live CD attached as a CD-ROM. */
    ISO,
    /** A disk image a VM boots from or a template is based on. */
    DISK,
    /** A kernel (+ initramfs) booted directly, like the starter appliances. */
    KERNEL
}
