package io.vireo.engine.boot;

import io.vireo.engine.mmu.GuestMemory;

import java.io.IOException;
import java.nio.file.Files;
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

    private static final long DEVICE_TREE_BELOW_END = 2L << 20;
    private static final long INITRD_ALIGNMENT = 0x10000;

    private DirectBoot() {
    }

    /** Loads kernel, initrd and device tree into {@code ram}; fails if they do not fit. */
    public static Loaded load(GuestMemory ram, KernelImage kernel, Optional<Path> initrdFile, int harts,
                              String bootArgs, int virtioSlots) throws IOException {
        long ramSize = ram.size();
        long kernelBase = MachineLayout.RAM_BASE + kernel.textOffset();
        long kernelEnd = kernelBase + kernel.imageSize();
        long dtb = MachineLayout.RAM_BASE + ramSize - DEVICE_TREE_BELOW_END;
        if (kernelEnd > dtb) {
            throw new IOException("the kernel (%d MiB) does not fit in %d MiB of RAM"
                    .formatted(kernel.imageSize() >> 20, ramSize >> 20));
        }
        ram.write(kernelBase, kernel.bytes(), 0, kernel.bytes().length);

        long initrdStart = 0, initrdEnd = 0;
        if (initrdFile.isPresent()) {
            byte[] initrd = Files.readAllBytes(initrdFile.get());
            long afterKernel = Math.ceilDiv(kernelEnd, INITRD_ALIGNMENT) * INITRD_ALIGNMENT;
            long preferred = MachineLayout.RAM_BASE + Math.min(ramSize / 2, 512L << 20);
            initrdStart = Math.max(preferred, afterKernel);
            if (initrdStart + initrd.length > dtb) {
                initrdStart = afterKernel;
            }
            initrdEnd = initrdStart + initrd.length;
            if (initrdEnd > dtb) {
                throw new IOException("kernel and initrd (%d MiB) do not fit in %d MiB of RAM"
                        .formatted((kernel.imageSize() + initrd.length) >> 20, ramSize >> 20));
            }
            ram.write(initrdStart, initrd, 0, initrd.length);
        }
        byte[] fdt = DeviceTreeFactory.build(new DeviceTreeFactory.Shape(harts, ramSize, bootArgs,
                initrdStart, initrdEnd, virtioSlots));
        ram.write(dtb, fdt, 0, fdt.length);
        return new Loaded(kernelBase, dtb);
    }
}
