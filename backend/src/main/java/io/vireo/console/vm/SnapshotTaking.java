package io.vireo.console.vm;

import java.io.IOException;
import java.util.Map;

import io.vireo.console.task.TaskProgress;

/**
 * Takes a snapshot for work of the VM module that needs a frozen file to stand on (a linked clone of a VM's
 * current state), inside that work's task. The module that owns snapshots does it; the VM module does not depend
 * on that module.
 */
public interface SnapshotTaking {

    /**
     * Takes snapshot {@code name} of the VM now, as its owner's task would, and answers the frozen file of each disk
     * by position: the files that were the disks' tops.
     */
    Map<Integer, String> take(Long vmId, String name, String actor, TaskProgress progress) throws IOException;
}
