package io.vireo.engine.boot;

import io.vireo.engine.mmu.GuestMemory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Direct Linux boot the way QEMU's virt machine lays it out: the kernel Image at its text offset above
 * the RAM base, the initrd above it (in the middle of RAM when there is room), and the generated device
 * tree 2 MiB below the end of RAM, where the kernel will not have overwritten it before reading it.
 */
public final class DirectBoot {
    /** Where hart 0 starts (in S-mode), and the device tree address it gets in a1. */
    public record Loaded(long entry, long deviceTree) {
    }

    /** Room at the top of RAM for the device tree. */
    public static final long DEVICE_TREE_BELOW_END = 2L << 20;
    private static final long INITRD_ALIGNMENT = 0x10000;

    /**
     * Where kernel, initrd and device tree go; the kernel's range is its in-memory size (with its bss),
     * and an absent initrd is the empty range at 0.
     */
    public record Layout(long kernelBase, long kernelEnd, long initrdStart, long initrdEnd, long deviceTree) {
    }

    private DirectBoot() {
    }

    /** Loads kernel, initrd and device tree into {@code ram}; fails if they do not fit. */
    public static Loaded load(GuestMemory ram, KernelImage kernel, Optional<Path> initrdFile, CpuTopology cpus,
                              String bootArgs, int virtioSlots) throws IOException {
        byte[] initrd = initrdFile.isPresent() ? BootFile.read(initrdFile.get()) : new byte[0];
        Layout layout = place(ram.size(), kernel, initrd.length);
        ram.write(layout.kernelBase(), kernel.bytes(), 0, kernel.bytes().length);
        if (initrd.length > 0) {
            ram.write(layout.initrdStart(), initrd, 0, initrd.length);
        }
        byte[] fdt = DeviceTreeFactory.build(new DeviceTreeFactory.Shape(cpus, ram.size(), bootArgs,
                layout.initrdStart(), layout.initrdEnd(), virtioSlots));
        ram.write(layout.deviceTree(), fdt, 0, fdt.length);
        return new Loaded(layout.kernelBase(), layout.deviceTree());
    }

    /**
     * Places a kernel and an initrd of {@code initrdLength} bytes (0: none) in {@code ramSize} bytes of
     * RAM. The sizes come from files a user supplied (a kernel header's image_size can be anything), so
     * every comparison is written so that it cannot overflow.
     */
    public static Layout place(long ramSize, KernelImage kernel, long initrdLength) throws IOException {
        long dtb = MachineLayout.RAM_BASE + ramSize - DEVICE_TREE_BELOW_END;
        long kernelBase = MachineLayout.RAM_BASE + kernel.textOffset();
        if (kernel.imageSize() > dtb - kernelBase) {
            throw new IOException("the kernel (%d MiB) does not fit in %d MiB of RAM"
                    .formatted(kernel.imageSize() >> 20, ramSize >> 20));
        }
        long kernelEnd = kernelBase + kernel.imageSize();
        if (initrdLength == 0) {
            return new Layout(kernelBase, kernelEnd, 0, 0, dtb);
        }
        long afterKernel = Math.ceilDiv(kernelEnd, INITRD_ALIGNMENT) * INITRD_ALIGNMENT;
        long start = Math.max(MachineLayout.RAM_BASE + Math.min(ramSize / 2, 512L << 20), afterKernel);
        if (initrdLength > dtb - start) {
            start = afterKernel;
        }
        if (initrdLength < 0 || initrdLength > dtb - start) {
            throw new IOException("kernel and initrd (%d MiB) do not fit in %d MiB of RAM"
                    .formatted((kernel.imageSize() + initrdLength) >> 20, ramSize >> 20));
        }
        return new Layout(kernelBase, kernelEnd, start, start + initrdLength, dtb);
    }
}
