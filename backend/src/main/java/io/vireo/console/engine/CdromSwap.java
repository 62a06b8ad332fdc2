package io.vireo.console.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.engine.devices.virtio.scsi.CdromDrive;
import io.vireo.engine.vm.VirtualMachine;

/**
 * A disc put into or taken out of a running VM's CD-ROM drive (the first of its SCSI controller, see
 * {@link MachineSpecs}). A forced change ejects first, since the engine's insert refuses a locked drive that holds a
 * disc and only eject can be forced.
 */
final class CdromSwap {

    private CdromSwap() {
    }

    static void change(VirtualMachine machine, String vmName, Optional<Path> iso, boolean force) {
        CdromDrive drive = machine.cdromDrives().stream().findFirst()
                .orElseThrow(() -> new ConflictException("No CD-ROM drive", "VM " + vmName + " runs without a"
                        + " CD-ROM drive; power it off and on to get one"));
        try {
            if (force || iso.isEmpty()) {
                drive.eject(force);
            }
            if (iso.isPresent()) {
                drive.insert(iso.get());
            }
        } catch (IllegalStateException locked) {
            throw new DriveLockedException(vmName, locked.getMessage());
        } catch (IOException e) {
            throw new InvalidFieldException("imageId", "The drive cannot read " + iso.orElseThrow().getFileName()
                    + ": " + e.getMessage());
        }
    }
}
