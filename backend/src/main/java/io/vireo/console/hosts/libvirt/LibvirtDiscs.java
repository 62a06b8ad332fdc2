package io.vireo.console.hosts.libvirt;

import java.nio.file.Path;
import java.util.Optional;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.DriveLockedException;

/**
 * A disc put into or taken out of a running domain's CD-ROM drive: libvirt changes the drive's medium live. A domain
 * has a drive when its VM booted with a disc ({@link DomainXml}); one without answers as the engine does for a
 * machine without a drive. A guest that locked its tray (a mounted disc) keeps it unless the change is forced.
 */
final class LibvirtDiscs {
    private static final int AFFECT_LIVE = 1;
    /** VIR_DOMAIN_DEVICE_MODIFY_FORCE: eject even from a locked tray. */
    private static final int FORCE = 1 << 2;

    private LibvirtDiscs() {
    }

    static void change(Domain domain, String vmName, String hostName, Optional<Path> iso, boolean force)
            throws LibvirtException {
        String drive = DomainDevices.of(domain.getXMLDesc(0)).cdromTarget().orElseThrow(() ->
                new ConflictException("No CD-ROM drive", "VM " + vmName + " runs without a CD-ROM drive; power it"
                        + " off and on to get one"));
        Document doc = DomainXml.newDocument();
        Element disk = DomainXml.child(doc, doc, "disk");
        disk.setAttribute("type", "file");
        disk.setAttribute("device", "cdrom");
        Element driver = DomainXml.child(doc, disk, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", "raw");
        iso.ifPresent(file -> DomainXml.child(doc, disk, "source").setAttribute("file", file.toString()));
        Element target = DomainXml.child(doc, disk, "target");
        target.setAttribute("dev", drive);
        target.setAttribute("bus", "scsi");
        DomainXml.child(doc, disk, "readonly");
        try {
            domain.updateDeviceFlags(DomainXml.write(doc), AFFECT_LIVE | (force ? FORCE : 0));
        } catch (LibvirtException e) {
            if (!force && e.getMessage() != null && e.getMessage().toLowerCase().contains("tray")) {
                throw new DriveLockedException(vmName, e.getMessage());
            }
            throw new ConflictException("Host refused", "Host " + hostName + " could not change the disc of VM "
                    + vmName + ": " + e.getMessage());
        }
    }
}
