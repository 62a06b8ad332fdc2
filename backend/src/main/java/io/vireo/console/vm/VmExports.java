package io.vireo.console.vm;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.image.Image;

/**
 * Hands a stopped VM's hardware and disk chains to whoever packages it for another hypervisor (an OVF export), and
 * keeps the VM {@code BUSY} meanwhile, as a backup does, so nothing writes its disks while they are read.
 */
@Service
public class VmExports {

    /** What an export writes: the hardware, each disk's chain top with its size, the kernel it boots. */
    public record Source(String name, String description, int vcpus, int coresPerSocket, long memoryMib,
            GuestArchitecture architecture, Path datastoreRoot, List<Disk> disks, List<String> networks,
            Optional<Kernel> kernel) {
    }

    public record Disk(Path top, long sizeGib) {
    }

    /** A kernel image's files and command line; {@code name} is its name in the library. */
    public record Kernel(String name, Path kernel, Optional<Path> initrd, String commandLine) {

        public static Optional<Kernel> of(Image image) {
            return Optional.ofNullable(image).filter(Image::isKernel).map(i -> new Kernel(i.getName(), i.file(),
                    i.initrdFile(), i.getCommandLine() == null ? "" : i.getCommandLine()));
        }
    }

    private final VmFileHold hold;

    VmExports(VmFileHold hold) {
        this.hold = hold;
    }

    /** The VM, now {@code BUSY} until {@link #end}: refused unless the caller may configure it and it is stopped. */
    @Audited(action = "vm.export", target = "VM")
    @Transactional
    public Source begin(Long vmId) {
        Vm vm = hold.take(vmId, "exporting");
        Path folder = vm.folder();
        return new Source(vm.getName(), vm.getDescription(), vm.getVcpus(), vm.topology().coresPerSocket(),
                vm.getMemoryMib(), vm.getArchitecture(), vm.getDatastore().directory(),
                vm.getDisks().stream().map(d -> new Disk(folder.resolve(d.fileName()), d.getSizeGib())).toList(),
                vm.getNics().stream().map(n -> n.getNetwork().getName()).toList(),
                Kernel.of(VmLaunches.bootKernel(vm).orElse(null)));
    }

    public void end(Long vmId) {
        hold.release(vmId);
    }
}
