package io.vireo.console.image;

/** What an image file is. Only kernels can be registered and booted; the other kinds name what cannot. */
public enum ImageKind {
    /** An installer or live CD: the engine has no CD-ROM drive to attach it to. */
    ISO,
    /** A disk image: the console cannot yet make a VM's disk from one. */
    DISK,
    /** A kernel (+ initramfs) booted directly, like the starter appliances. */
    KERNEL
}
