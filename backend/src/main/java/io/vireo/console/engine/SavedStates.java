package io.vireo.console.engine;

import java.nio.file.Files;
import java.nio.file.Path;

import io.vireo.engine.state.SavedStateException;
import io.vireo.engine.vm.SavedVm;
import io.vireo.engine.vm.VirtualMachine;

/** Looks at a folder for a saved state the engine can read, without building a machine. */
final class SavedStates {

    private SavedStates() {
    }

    static boolean holds(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try {
            SavedVm.check(dir);
            return true;
        } catch (SavedStateException damaged) {
            return false;
        }
    }
}
