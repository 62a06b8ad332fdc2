package io.vireo.console.image;

/** What an image file is: kernels are booted, disk images become VM disks, ISO images go in CD-ROM drives. */
public enum ImageKind {
    /** An installer or live CD: a raw file of whole 2048-byte blocks, kept as it is, read in a VM's CD-ROM drive. */
    ISO,
    /** A standalone disk image (qcow2 or raw): a new VM's first disk is copied from it or stands on it. */
    DISK,
    /** A kernel (+ initramfs) booted directly, like the starter appliances. */
    KERNEL
}
