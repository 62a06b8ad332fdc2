package io.vireo.console.vm;

import java.util.List;
import java.util.Map;

/**
 * A VM's snapshot tree as its folder records it, kept by the module that owns snapshots so the VM module writes
 * and reads it back without depending on that module: {@code vm.conf} lists it, and registering a folder
 * restores it.
 */
public interface VmSnapshotTree {

    /** The VM's snapshots, each after its parent. */
    List<SavedSnapshot> saved(Long vmId);

    /**
     * Records the snapshots read back from a registered VM's folder, each after its parent, and answers their
     * new ids by the keys the folder gave them.
     */
    Map<Long, Long> restore(Vm vm, List<SavedSnapshot> snapshots);
}
