package io.vireo.console.image;

/** What an image file is: kernels are booted, disk images become VM disks; ISOs name what cannot be used. */
public enum ImageKind {
    /** An installer or live CD: the engine has no CD-ROM drive to attach it to. */
    ISO,
    /** A standalone disk image (qcow2 or raw): a new VM's first disk is copied from it or stands on it. */
    DISK,
    /** A kernel (+ initramfs) booted directly, like the starter appliances. */
    KERNEL
}
