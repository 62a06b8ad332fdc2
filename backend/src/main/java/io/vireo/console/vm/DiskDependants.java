package io.vireo.console.vm;

import java.nio.file.Path;
import java.util.List;

/**
 * What stands on a frozen disk file outside itself (a linked clone's chain, say), told by the module that makes
 * such things: a file anything stands on is never written, deleted or moved, so the operation that would is
 * refused with these names.
 */
public interface DiskDependants {

    /** Names of what reads through {@code file} (an absolute path), as a user knows them ("VM web-2"). */
    List<String> on(Path file);
}
