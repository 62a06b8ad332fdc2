package io.vireo.engine.boot;

import java.io.IOException;

/**
 * Where the boot files go in guest RAM, the way QEMU's virt machine lays them out: the kernel at its
 * text_offset above the RAM base, the initrd above the kernel's in-memory size (at half of RAM, at most
 * 512 MiB up, when it fits there), the device tree in the last {@link #DTB_SPACE} of RAM. The sizes come
 * from files a user supplied, so every comparison is written so that it cannot overflow.
 */
public record BootLayout(long kernelBase, long kernelEnd, long initrdStart, long initrdEnd, long dtb) {
    /** Room at the top of RAM for the device tree. */
    public static final long DTB_SPACE = 2L << 20;
    private static final long INITRD_ALIGN = 0x10000;

    /** Places a kernel and an initrd of {@code initrdLength} bytes (0: none) in {@code ramSize} bytes of RAM. */
    public static BootLayout place(long ramSize, KernelImage kernel, long initrdLength) throws IOException {
        long base = MachineLayout.RAM_BASE;
        long dtb = base + ramSize - DTB_SPACE;
        long kernelBase = base + kernel.textOffset();
        if (kernel.imageSize() > dtb - kernelBase) {
            throw new IOException("the kernel (%d MiB at offset %d MiB) does not fit in %d MiB of RAM"
                    .formatted(kernel.imageSize() >> 20, kernel.textOffset() >> 20, ramSize >> 20));
        }
        long kernelEnd = kernelBase + kernel.imageSize();
        if (initrdLength == 0) {
            return new BootLayout(kernelBase, kernelEnd, 0, 0, dtb);
        }
        long afterKernel = Math.ceilDiv(kernelEnd, INITRD_ALIGN) * INITRD_ALIGN;
        long start = Math.max(base + Math.min(ramSize / 2, 512L << 20), afterKernel);
        if (initrdLength > dtb - start) {
            start = afterKernel;
        }
        if (initrdLength < 0 || initrdLength > dtb - start) {
            throw new IOException("kernel and initrd (%d MiB) do not fit in %d MiB of RAM"
                    .formatted((kernel.imageSize() + initrdLength) >> 20, ramSize >> 20));
        }
        return new BootLayout(kernelBase, kernelEnd, start, start + initrdLength, dtb);
    }
}
