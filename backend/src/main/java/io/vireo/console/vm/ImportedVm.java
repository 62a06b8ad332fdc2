package io.vireo.console.vm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A VM as another hypervisor's package describes it, ready to be recorded: its hardware, its disks (a file to
 * convert, in the destination datastore, or none for a blank disk), the networks its cards were on, and what the
 * package had that Vireo left out ({@code notes}, kept as the VM's events).
 *
 * @param networkMapping the user's choice of Vireo network (by name) for each source network
 */
public record ImportedVm(String name, String description, GuestArchitecture architecture, int vcpus,
        int coresPerSocket, long memoryMib, Optional<String> bootImage, List<Disk> disks, List<String> nicNetworks,
        Map<String, String> networkMapping, List<String> notes) {

    public record Disk(Optional<Path> file, long sizeGib) {
    }
}
