package io.vireo.console.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageKind;

/** Resolves what the engine needs to power a VM on from its inventory record. */
@Component
class VmLaunches {

    private final VmConfigFile files;

    VmLaunches(VmConfigFile files) {
        this.files = files;
    }

    /** The engine boots kernels directly (it has no firmware to load a boot loader from a disk). */
    LaunchSpec of(Vm vm) {
        Image kernel = bootKernel(vm);
        Path folder = files.directory(vm);
        List<LaunchSpec.Disk> disks = vm.getDisks().stream()
                .map(d -> new LaunchSpec.Disk(folder.resolve(d.fileName()), d.getFormat().extension(), false))
                .toList();
        for (LaunchSpec.Disk disk : disks) {
            if (!Files.isRegularFile(disk.file())) {
                throw new ConflictException("Disk missing", "Disk file " + disk.file() + " of VM " + vm.getName()
                        + " is missing; register the VM again from its folder or remove the disk");
            }
        }
        if (!Files.isRegularFile(kernel.file())) {
            throw new ConflictException("Kernel missing", "The kernel " + kernel.file() + " of image "
                    + kernel.getName() + " is missing; rebuild the appliance");
        }
        return new LaunchSpec(vm.getId(), vm.getName(), vm.getVcpus(), vm.getMemoryMib(), kernel.file(),
                kernel.initrdFile(), kernel.getCommandLine() == null ? "" : kernel.getCommandLine(), disks, folder);
    }

    private static Image bootKernel(Vm vm) {
        Image image = switch (vm.getBootSource()) {
            case TEMPLATE -> vm.getTemplate() == null ? null : vm.getTemplate().getImage();
            case IMAGE -> vm.getBootImage();
            case DISK -> null;
        };
        if (image == null || image.getKind() != ImageKind.KERNEL) {
            throw new ConflictException("Nothing to boot", "VM " + vm.getName() + " has no kernel image to boot:"
                    + " the engine boots a kernel and initramfs directly, so create it from an appliance"
                    + " template or a kernel image");
        }
        return image;
    }
}
