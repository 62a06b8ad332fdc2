package io.vireo.console.ovf;

import java.util.List;

/**
 * What a package holds, for the import page's mapping step, before anything is uploaded in full: its VMs with their
 * disks and the controllers they were on, each source network with the Vireo network its cards go on by default,
 * what Vireo cannot give each VM, and the choices the user has.
 *
 * @param kind {@code OVF} or {@code VMX}
 * @param eula the license the import must accept, empty when there is none
 * @param vireoNetworks the networks a source network may be mapped to
 * @param buses the buses a disk may be put on
 */
record ImportInspection(String kind, List<VmShape> vms, List<NetworkChoice> networks, String eula,
        List<String> vireoNetworks, List<String> buses) {

    record VmShape(String name, int vcpus, long memoryMib, String architecture, List<DiskChoice> disks,
            List<String> notes) {
    }

    /** A disk by its id in the package, the controller it was on (empty: not said), and the bus it gets by default. */
    record DiskChoice(String id, String controller, String bus) {
    }

    /** A network of the package and the Vireo network its cards go on unless mapped (empty: none, they are left out). */
    record NetworkChoice(String source, String network) {
    }
}
