package io.vireo.console.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.engine.NetworkSettings;
import io.vireo.console.hosts.HostService;
import io.vireo.console.image.Image;
import io.vireo.console.network.Network;
import io.vireo.console.user.UserService;
import io.vireo.console.vm.internal.VmForwardRepository;
import io.vireo.console.vm.internal.VmNicRepository;

/** Resolves what the engine needs to power a VM on from its inventory record. */
@Component
class VmLaunches {

    private final VmConfigFile files;
    private final VmNicRepository nics;
    private final VmForwardRepository forwards;
    private final UserService users;
    private final HostService hosts;

    VmLaunches(VmConfigFile files, VmNicRepository nics, VmForwardRepository forwards, UserService users,
            HostService hosts) {
        this.hosts = hosts;
        this.files = files;
        this.nics = nics;
        this.forwards = forwards;
        this.users = users;
    }

    /**
     * The engine boots a kernel directly: the VM's boot image, or for a VM that boots from its disk whatever the
     * disk's /boot holds when it boots (the engine reads it; the console names no kernel).
     */
    LaunchSpec of(Vm vm) {
        Optional<Image> kernel = bootKernel(vm);
        if (kernel.isEmpty()) {
            nothingToBoot(vm).ifPresent(why -> {
                throw new ConflictException("Nothing to boot", "VM " + vm.getName() + " cannot power on: " + why);
            });
        }
        Path folder = files.directory(vm);
        List<LaunchSpec.Disk> disks = vm.getDisks().stream()
                .map(d -> new LaunchSpec.Disk(folder.resolve(d.fileName()), d.getFormat().extension(), false,
                        d.getDatastore().directory(), d.getBus() == DiskBus.SCSI))
                .toList();
        for (LaunchSpec.Disk disk : disks) {
            if (!Files.isRegularFile(disk.file())) {
                throw new ConflictException("Disk missing", "Disk file " + disk.file() + " of VM " + vm.getName()
                        + " is missing; register the VM again from its folder or remove the disk");
            }
        }
        if (kernel.isPresent() && !Files.isRegularFile(kernel.get().file())) {
            throw new ConflictException("Kernel missing", "The kernel " + kernel.get().file() + " of image "
                    + kernel.get().getName() + " is missing; rebuild the appliance");
        }
        Optional<Path> disc = Optional.ofNullable(vm.getCdromImage()).map(Image::file);
        if (disc.isPresent() && !Files.isRegularFile(disc.get())) {
            throw new ConflictException("ISO image missing", "The ISO image " + disc.get() + " in the CD-ROM drive of"
                    + " VM " + vm.getName() + " is missing; eject it or put it back");
        }
        return new LaunchSpec(vm.getId(), vm.getName(), vm.getVcpus(), vm.getMemoryMib(), kernel.map(Image::file),
                kernel.flatMap(Image::initrdFile), commandLine(kernel, vm), disks, disc,
                vm.getNics().stream().map(this::nic).toList(), folder, vm.cpu().shares(), vm.cpu().capPercent(),
                vm.topology().coresPerSocket(), vm.topology().threadsPerCore(), vm.memory().minimumMib(),
                vm.getArchitecture().label());
    }

    /** A NIC with its network's settings (every NIC's fixed address on it included) and its forwards. */
    private LaunchSpec.Nic nic(VmNic nic) {
        Network network = nic.getNetwork();
        List<NetworkSettings.Reservation> fixed = nics.findByNetworkId(network.getId()).stream()
                .filter(n -> n.getReservedAddress() != null)
                .map(n -> new NetworkSettings.Reservation(n.getMac(), n.getReservedAddress())).toList();
        return new LaunchSpec.Nic(nic.getMac(), network.settings().withReservations(fixed),
                Optional.ofNullable(nic.getVlan()), Optional.ofNullable(nic.getRateLimitMbps()), nic.isLinkUp(),
                forwards.findByNicIdOrderById(nic.getId()).stream().map(VmForward::spec).toList());
    }

    /**
     * The kernel's own command line (a disk's comes from the disk) plus the guest's identity, which its init takes
     * from {@code /proc/cmdline}: so every VM, and every clone of one, answers to its own name, and an installed
     * system booted from its disk gets its creator as a user who can log in with their key.
     */
    private String commandLine(Optional<Image> kernel, Vm vm) {
        String own = kernel.map(Image::getCommandLine).map(String::strip).orElse("");
        return (own + " " + identity(vm).commandLine()).strip();
    }

    private GuestIdentity identity(Vm vm) {
        if (vm.getBootSource() != BootSource.DISK || vm.getCreatedBy() == null) {
            return new GuestIdentity(vm.hostname(), Optional.empty(), Optional.empty());
        }
        return new GuestIdentity(vm.hostname(), Optional.of(GuestIdentity.linuxUserName(vm.getCreatedBy())),
                users.sshPublicKeyOf(vm.getCreatedBy()));
    }

    /** Why the VM can never power on, when what it boots from names no kernel; the VM page shows it. */
    Optional<String> nothingToBoot(Vm vm) {
        if (vm.getArchitecture() != GuestArchitecture.RISCV64 && hosts.libvirtHostOf(vm.getId()).isEmpty()) {
            return Optional.of("it is an " + vm.getArchitecture().label() + " guest and needs a host that runs "
                    + vm.getArchitecture().label() + "; the embedded engine runs riscv64 guests only");
        }
        if (vm.getBootSource() == BootSource.DISK) {
            if (vm.getDisks().isEmpty()) {
                return Optional.of("it boots from its first disk and has no disk. Add a disk that holds a Linux"
                        + " system with its kernel in /boot");
            }
            return vm.getDisks().getFirst().getBus() == DiskBus.SCSI ? Optional.of("it boots from its first disk,"
                    + " which is a SCSI disk; the engine boots from a virtio-blk disk") : Optional.empty();
        }
        if (bootKernel(vm).isPresent()) {
            return Optional.empty();
        }
        String why = vm.getBootSource() == BootSource.IMAGE ? "its boot image is not a kernel image"
                : vm.getTemplate() == null ? "its template was deleted" : "its template has no kernel image";
        return Optional.of(why + ". The engine boots a kernel directly: create a VM from a template or a kernel"
                + " image instead");
    }

    /**
     * A VM made from a template keeps the template's kernel as its own boot image, so it still boots once the
     * template is deleted; VMs recorded before that only name their template.
     */
    static Optional<Image> bootKernel(Vm vm) {
        Image image = switch (vm.getBootSource()) {
            case TEMPLATE -> templateKernel(vm);
            case IMAGE -> vm.getBootImage();
            case DISK -> null;
        };
        return Optional.ofNullable(image).filter(Image::isKernel);
    }

    private static Image templateKernel(Vm vm) {
        if (vm.getBootImage() != null) {
            return vm.getBootImage();
        }
        return vm.getTemplate() == null ? null : vm.getTemplate().getImage();
    }
}
