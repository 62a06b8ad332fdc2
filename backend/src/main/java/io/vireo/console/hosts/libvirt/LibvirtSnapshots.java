package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.HostDriver.DiskAction;

/**
 * A running domain moved onto a disk file the console made: the console's snapshot work creates the new top (an
 * overlay over the current one), then libvirt switches the disk onto it with an external, disk-only snapshot that
 * reuses that file and keeps no snapshot metadata (the console's inventory is the only record of snapshots). QEMU
 * switches between two guest requests, so the guest sees no error; the old top is frozen from then on.
 */
final class LibvirtSnapshots {
    private static final int NO_METADATA = 1 << 2;
    private static final int DISK_ONLY = 1 << 4;
    private static final int REUSE_EXT = 1 << 5;
    private static final int ATOMIC = 1 << 7;

    private LibvirtSnapshots() {
    }

    /**
     * Runs {@code whileDetached} (which creates {@code newTop}), then moves disk {@code position} onto it. A change
     * that keeps the disk on its file (rebasing the open top when a snapshot under it goes) would rewrite a file QEMU
     * holds open, so it is refused before anything is done: the VM must be stopped for it.
     */
    static void reopen(Domain domain, String hostName, int position, Path newTop, DiskAction whileDetached)
            throws IOException, LibvirtException {
        DomainDevices disks = DomainDevices.of(domain.getXMLDesc(0));
        if (disks.source(position).equals(newTop)) {
            throw new ConflictException("Stop the VM first", "Changing the files under the disk a running VM writes"
                    + " is not available on libvirt host " + hostName + " yet: stop the VM, then delete the snapshot");
        }
        whileDetached.run();
        try {
            domain.snapshotCreateXML(snapshotXml(disks, position, newTop), NO_METADATA | DISK_ONLY | REUSE_EXT | ATOMIC)
                    .free();
        } catch (LibvirtException e) {
            // The domain goes on over its old top and never opened the new one.
            Files.deleteIfExists(newTop);
            throw new ConflictException("Host refused", "Host " + hostName + " could not move the VM's disk onto "
                    + newTop.getFileName() + ": " + e.getMessage());
        }
    }

    /** Only the one disk moves; every other disk and drive is left as it is. */
    private static String snapshotXml(DomainDevices disks, int position, Path newTop) {
        Document doc = DomainXml.newDocument();
        Element list = DomainXml.child(doc, DomainXml.child(doc, doc, "domainsnapshot"), "disks");
        String moved = disks.target(position);
        for (String target : disks.allTargets()) {
            Element disk = DomainXml.child(doc, list, "disk");
            disk.setAttribute("name", target);
            if (!target.equals(moved)) {
                disk.setAttribute("snapshot", "no");
                continue;
            }
            disk.setAttribute("snapshot", "external");
            disk.setAttribute("type", "file");
            DomainXml.child(doc, disk, "driver").setAttribute("type", "qcow2");
            DomainXml.child(doc, disk, "source").setAttribute("file", newTop.toString());
        }
        return DomainXml.write(doc);
    }
}
