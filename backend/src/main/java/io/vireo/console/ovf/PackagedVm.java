package io.vireo.console.ovf;

import java.util.List;
import java.util.Optional;

/**
 * One VM as a package describes it (an OVF VirtualSystem, a VMware {@code .vmx}), in the terms Vireo maps.
 * {@code leftOut} lists, in words, every device that was not mapped (a second CD drive, a USB controller), so the user
 * learns what the VM lacks.
 *
 * @param architecture as the package names it ({@code x86_64}, {@code riscv64})
 * @param firmware the firmware the package asks for (EFI, BIOS), where it names one
 * @param uuid the identity the VM had ({@code uuid.bios}), where the package keeps one
 */
record PackagedVm(String name, String description, int vcpus, int coresPerSocket, long memoryMib, List<Disk> disks,
        List<Nic> nics, String architecture, Optional<String> firmware, Optional<String> bootImage,
        Optional<String> uuid, Optional<Cdrom> cdrom, List<String> leftOut) {
    static final long MAX_MEMORY_MIB = 1048576;
    static final int MAX_VCPUS = 64;

    /** The processors and memory a package asks for are within what Vireo gives a VM. */
    static void checkSize(String what, long vcpus, long memoryMib) throws OvfException {
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw new OvfException(what + " asks for " + vcpus + " vCPUs; Vireo gives a VM 1 to " + MAX_VCPUS);
        }
        if (memoryMib < 64 || memoryMib > MAX_MEMORY_MIB) {
            throw new OvfException(what + " asks for " + memoryMib + " MiB of memory; Vireo gives a VM 64 to "
                    + MAX_MEMORY_MIB + " MiB");
        }
    }

    /**
     * A disk, in the order the package lists them: {@code file} holds its contents (none for a blank disk),
     * {@code controller} is what it was attached to in words ("LSI Logic SCSI"), empty where the package does not say.
     */
    record Disk(String id, Optional<OvfPackage.FileRef> file, long capacityBytes, String controller) {
    }

    /**
     * A network card: the name of the network the package connects it to (empty when it names none), the device it
     * was in words ("vmxnet3", empty where not said), and its MAC where the package keeps it.
     */
    record Nic(String network, String model, Optional<String> mac) {
    }

    /**
     * The ISO image a CD/DVD drive held: {@code drive} in words ("sata0:1 (SATA)"), {@code file} the image's plain
     * name, which the package or folder may or may not hold (a {@code .vmx} names wherever the ISO lay on its host).
     */
    record Cdrom(String drive, String file) {
    }
}
