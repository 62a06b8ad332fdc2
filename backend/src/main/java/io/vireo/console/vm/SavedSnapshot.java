package io.vireo.console.vm;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot as a VM's {@code vm.conf} records it: where it hangs in the tree and the frozen file of each disk
 * (by disk position). {@code key} and {@code parentKey} are the snapshot's and its parent's ids in the inventory,
 * or their numbers in a {@code vm.conf} read back (local to that file); a parent key of 0 marks a root.
 */
public record SavedSnapshot(long key, long parentKey, String name, String description, Instant createdAt,
        Map<Integer, String> files) {

    public SavedSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        files = Map.copyOf(files);
    }
}
