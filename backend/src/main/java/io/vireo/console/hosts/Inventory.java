package io.vireo.console.hosts;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** What the hosts need to know of the inventory, told by the VM feature. */
public interface Inventory {

    /** How many VMs there are: those not placed on a libvirt host are the embedded engine's. */
    long vmCount();

    /**
     * The VMs recorded as running, paused or unknown: at start-up a libvirt host's reconciliation tells those whose
     * domain is gone (stopped while the console was down) as stopped.
     */
    Set<Long> vmsRecordedOn();

    /** The VM's folder on the console's machine, where its serial log is kept; empty for a VM that is gone. */
    Optional<Path> folderOf(Long vmId);
}
