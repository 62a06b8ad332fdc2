package io.vireo.console.vm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A VM as another hypervisor's package describes it, ready to be recorded: its hardware, its disks (a file to
 * convert, in the destination datastore, or none for a blank disk), its CD-ROM's disc, its network cards, and what
 * the package had that Vireo left out ({@code notes}, kept as the VM's events).
 *
 * @param uuid the identity it had, kept unless another VM of the console has it
 * @param iso the ISO image its CD-ROM drive held (a file of the package or folder), to take into the image library
 *        and put in the VM's drive
 * @param networkMapping the user's choice of Vireo network (by name) for each source network
 */
public record ImportedVm(String name, String description, GuestArchitecture architecture, int vcpus,
        int coresPerSocket, long memoryMib, Optional<String> uuid, Optional<String> bootImage, List<Disk> disks,
        Optional<Path> iso, List<Nic> nics, Map<String, String> networkMapping, List<String> notes) {

    /** A disk file to convert (a chain is flattened into one disk), or none for a blank disk. */
    public record Disk(Optional<Path> file, long sizeGib) {
    }

    /** A network card: the source network it was on, and its MAC where the package kept one. */
    public record Nic(String network, Optional<String> mac) {
    }
}
