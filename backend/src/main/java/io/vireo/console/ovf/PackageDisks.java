package io.vireo.console.ovf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.vireo.console.engine.DiskImages;
import io.vireo.console.vm.ImportedVm;

/**
 * Reads the disk files a package brings with the engine before anything is converted: each must open as a VMDK (or
 * qcow2) whose every file lies in the package's folder, within Vireo's size limit. An OVF disk stands alone; a
 * VMware disk may be the top of a snapshot chain ({@code disk-000001.vmdk} over {@code disk.vmdk}), which the
 * import flattens into one qcow2 disk.
 */
@Component
class PackageDisks {
    /** qcow2 with 64 KiB clusters addresses far more, but no disk a package brings is anywhere near this. */
    static final long MAX_DISK_BYTES = 64L << 40;
    private static final long GIB = 1L << 30;

    private final DiskImages disks;

    PackageDisks(DiskImages disks) {
        this.disks = disks;
    }

    /**
     * The disk in {@code file} of the package in {@code folder}, at least {@code capacityBytes} large; with
     * {@code chains}, a snapshot chain is taken (and {@code notes} say it is flattened), else refused.
     */
    ImportedVm.Disk inspect(Path folder, Path file, String label, long capacityBytes, boolean chains,
            List<String> notes) throws OvfException {
        DiskImages.Inspection inspection;
        try {
            inspection = disks.inspectPackaged(file, folder);
        } catch (IOException e) {
            throw new OvfException("Disk " + label + " cannot be read: " + e.getMessage());
        }
        if (!inspection.format().equals("vmdk") && !inspection.format().equals("qcow2")) {
            throw new OvfException("Disk " + label + " is not a VMDK (the engine reads it as " + inspection.format()
                    + ")");
        }
        if (inspection.hasBacking() && !chains) {
            throw new OvfException("Disk " + label + " reads through another file; a package's disks stand alone");
        }
        if (inspection.hasBacking()) {
            notes.add("Its disk " + label + " is a chain of " + inspection.layers() + " snapshot files; it was flattened"
                    + " into one disk (the snapshots themselves are not imported)");
        }
        if (inspection.virtualSize() > MAX_DISK_BYTES) {
            throw new OvfException("Disk " + label + " is larger than Vireo's limit of " + (MAX_DISK_BYTES >> 40)
                    + " TiB");
        }
        return new ImportedVm.Disk(Optional.of(file), gib(Math.max(inspection.virtualSize(), capacityBytes)));
    }

    /** The extent files a VMDK descriptor reads: part of the package, though the descriptor may not name them. */
    List<String> extents(Path file, String label) throws OvfException {
        try {
            return disks.vmdkExtents(file).stream().map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new OvfException("Disk " + label + " cannot be read: " + e.getMessage());
        }
    }

    /** A blank disk of the size the package gives it. */
    static ImportedVm.Disk blank(long capacityBytes) {
        return new ImportedVm.Disk(Optional.empty(), gib(capacityBytes));
    }

    private static long gib(long bytes) {
        return Math.max(1, (bytes + GIB - 1) / GIB);
    }
}
