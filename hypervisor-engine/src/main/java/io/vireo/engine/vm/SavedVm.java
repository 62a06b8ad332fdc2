package io.vireo.engine.vm;

import io.vireo.engine.network.NetworkException;
import io.vireo.engine.state.SavedStateException;

import java.nio.file.Files;
import java.nio.file.Path;

/** A folder {@link VirtualMachine#suspendTo} or {@link VirtualMachine#checkpointTo} wrote, read before a resume. */
public final class SavedVm {
    private SavedVm() {
    }

    /**
     * The spec of the VM whose state was saved in {@code dir}, to build one that resumes it; its NICs join the
     * networks {@code networks} names.
     */
    public static VmSpec spec(Path dir, NicNetworks networks) throws SavedStateException, NetworkException {
        return VmSpecFile.read(dir, networks);
    }

    /**
     * Checks that {@code dir} holds a whole saved state: its spec file, a state file that reads back (checksum,
     * every section) and a memory file. It does not tell whether a given machine could resume it ({@link
     * VirtualMachine#resumeFrom} does); it tells a folder that was saved from one a crash left half-written or
     * someone damaged.
     *
     * @throws SavedStateException naming what is missing or damaged
     */
    public static void check(Path dir) throws SavedStateException {
        if (!Files.isRegularFile(dir.resolve(VmSpecFile.FILE))) {
            throw new SavedStateException(VmSpecFile.FILE + " is missing from " + dir);
        }
        Machine.checkSaved(dir);
    }
}
