package io.vireo.console.ovf;

import java.util.List;
import java.util.Optional;

/**
 * What an OVF descriptor says, in the terms Vireo maps: the files it references, its disks, and the one virtual
 * system to import with the hardware Vireo can give it. {@code leftOut} lists, in words, every item that was not
 * mapped (a CD drive, a USB controller), so the user learns what the VM lacks.
 */
record OvfPackage(List<FileRef> files, VirtualSystem system, Optional<String> eula) {

    /**
     * A file of the package: {@code size} (as stored, compressed or not) is -1 where the descriptor leaves it out;
     * {@code gzip} when the file is stored gzip-compressed ({@code ovf:compression="gzip"}).
     */
    record FileRef(String id, String href, long size, boolean gzip) {
    }

    /** A disk of the VM, in the order the descriptor lists them; {@code file} holds its contents, none for a blank disk. */
    record Disk(String id, Optional<FileRef> file, long capacityBytes) {
    }

    /**
     * A network card and the name of the network the package connects it to (its {@code Connection}); empty when
     * it names none.
     */
    record Nic(String network) {
    }

    record VirtualSystem(String name, String description, int vcpus, int coresPerSocket, long memoryMib,
            List<Disk> disks, List<Nic> nics, String architecture, Optional<String> firmware,
            Optional<String> bootImage, List<String> leftOut) {
    }
}
