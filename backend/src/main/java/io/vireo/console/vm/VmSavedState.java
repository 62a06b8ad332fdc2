package io.vireo.console.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.HostDriver;

/**
 * The saved state of a suspended VM: the engine's files in its folder's {@value #FOLDER} folder. They are the truth
 * about the VM (the console's start-up takes a VM whose folder holds them as suspended), so they go only when the
 * VM resumes or the user confirmed dropping them.
 */
@Component
public class VmSavedState {
    static final String FOLDER = "suspended";

    private final HostDriver host;

    VmSavedState(HostDriver host) {
        this.host = host;
    }

    public Path folder(Vm vm) {
        return vm.folder().resolve(FOLDER);
    }

    /** Whether the VM's folder holds a whole state the engine can read back. */
    boolean holds(Vm vm) {
        return host.holdsSavedState(folder(vm));
    }

    /** Whether anything of a saved state is there, whole or not. */
    boolean present(Vm vm) {
        return Files.exists(folder(vm));
    }

    /**
     * Refuses {@code what} (which drops the state of a suspended VM) unless the user confirmed it with
     * {@code discardSavedState}.
     */
    public void ensureDiscardable(Vm vm, boolean discardSavedState, String what) {
        if (vm.getPowerState() == PowerState.SUSPENDED && !discardSavedState) {
            throw new ConflictException("VM is suspended", "VM " + vm.getName() + " is suspended: " + what
                    + " discards its saved state (the guest's memory and running programs). Confirm it with"
                    + " discardSavedState=true, or resume the VM first.");
        }
    }

    /** Deletes the VM's saved state, if any. */
    public void discard(Vm vm) {
        deleteTree(folder(vm));
    }

    /** Deletes a folder of saved state (a suspended VM's, or a snapshot's memory). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the saved state in " + dir, e);
        }
    }
}
