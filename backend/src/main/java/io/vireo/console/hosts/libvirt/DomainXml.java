package io.vireo.console.hosts.libvirt;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.engine.MacAddresses;

/**
 * A VM's libvirt domain, built from what the embedded engine would boot: a riscv64 {@code virt} machine (or an x86-64
 * {@code q35} one for an x86-64 guest, its serial port the PC's first) under QEMU
 * (TCG: {@code type='qemu'}; no {@code <cpu>} element, which libvirt 9.0's CPU driver refuses for riscv64, so the vCPUs
 * sit in one socket whatever the VM's topology), the VM's kernel, initrd and command line booted directly, its disks on virtio (SCSI
 * disks and the CD-ROM drive on a virtio-scsi controller), its serial port a pseudo-terminal the console follows over
 * the libvirt connection ({@link SerialConsoles}), a VNC display on the host's loopback, and its network cards on
 * the console's own virtual switches ({@link LibvirtNics}).
 * Every value is set through the DOM, which escapes it: a VM name or a path with {@code <&'"} stays text.
 */
final class DomainXml {
    private static final String QEMU_NAMESPACE = "http://libvirt.org/schemas/domain/qemu/1.0";
    private static final int FIRST_NIC_SLOT = 0x1e;

    private DomainXml() {
    }

    /**
     * The domain XML of {@code launch}; {@code dacLabel} ({@code +uid:+gid}) runs QEMU as that user without relabelling
     * files, for a daemon that reads the console's own files. Network card {@code i} of the VM is carried over the
     * Unix socket {@code nicSockets.get(i)} ({@link LibvirtNics}). A VM that boots from its disk comes with the kernel
     * its disk holds already ({@link io.vireo.console.engine.DiskBootFiles}).
     */
    static String of(LaunchSpec launch, String domainName, Optional<String> dacLabel, List<Path> nicSockets) {
        Path kernel = launch.kernel().orElseThrow(() -> new IllegalArgumentException(
                "VM " + launch.vmId() + ": its disk's boot files must be read before its domain is built"));
        Document doc = newDocument();
        Element domain = child(doc, doc, "domain");
        domain.setAttribute("type", "qemu");
        text(doc, domain, "name", domainName);
        text(doc, domain, "title", launch.name());
        text(doc, domain, "memory", Long.toString(launch.memoryMib())).setAttribute("unit", "MiB");
        text(doc, domain, "vcpu", Integer.toString(launch.vcpus()));
        Element os = child(doc, domain, "os");
        Element type = text(doc, os, "type", "hvm");
        type.setAttribute("arch", launch.architecture());
        type.setAttribute("machine", machine(launch));
        text(doc, os, "kernel", kernel.toString());
        launch.initrd().ifPresent(initrd -> text(doc, os, "initrd", initrd.toString()));
        text(doc, os, "cmdline", launch.commandLine());
        text(doc, domain, "on_poweroff", "destroy");
        text(doc, domain, "on_reboot", "restart");
        text(doc, domain, "on_crash", "destroy");
        devices(doc, child(doc, domain, "devices"), launch);
        dacLabel.ifPresent(label -> {
            Element seclabel = child(doc, domain, "seclabel");
            seclabel.setAttribute("type", "static");
            seclabel.setAttribute("model", "dac");
            seclabel.setAttribute("relabel", "no");
            text(doc, seclabel, "label", label);
        });
        nics(doc, domain, launch.nics(), nicSockets);
        return write(doc);
    }

    /** QEMU's machine for the guest: riscv64's {@code virt}, x86-64's {@code q35} (PCIe, where virtio sits). */
    private static String machine(LaunchSpec launch) {
        return switch (launch.architecture()) {
            case "riscv64" -> "virt";
            case "x86_64" -> "q35";
            default -> throw new ConflictException("Not on a libvirt host yet", "VM " + launch.name() + " is an "
                    + launch.architecture() + " guest; libvirt hosts run riscv64 and x86_64 guests for now");
        };
    }

    private static void devices(Document doc, Element devices, LaunchSpec launch) {
        int virtio = 0;
        int scsi = 0;
        for (LaunchSpec.Disk disk : launch.disks()) {
            String target = disk.scsi() ? "sd" + letter(scsi++) : "vd" + letter(virtio++);
            disk(doc, devices, "disk", disk.format(), disk.file().toString(), target, disk.scsi() ? "scsi" : "virtio",
                    disk.readOnly());
        }
        if (launch.disc().isPresent()) {
            disk(doc, devices, "cdrom", "raw", launch.disc().get().toString(), "sd" + letter(scsi++), "scsi", true);
        }
        if (scsi > 0) {
            Element controller = child(doc, devices, "controller");
            controller.setAttribute("type", "scsi");
            controller.setAttribute("model", "virtio-scsi");
        }
        child(doc, devices, "serial").setAttribute("type", "pty");
        Element graphics = child(doc, devices, "graphics");
        graphics.setAttribute("type", "vnc");
        graphics.setAttribute("port", "-1");
        graphics.setAttribute("autoport", "yes");
        Element listen = child(doc, graphics, "listen");
        listen.setAttribute("type", "address");
        listen.setAttribute("address", "127.0.0.1");
        child(doc, child(doc, devices, "video"), "model").setAttribute("type", "virtio");
        for (String kind : new String[] {"keyboard", "tablet"}) {
            Element input = child(doc, devices, "input");
            input.setAttribute("type", kind);
            input.setAttribute("bus", "virtio");
        }
        Element rng = child(doc, devices, "rng");
        rng.setAttribute("model", "virtio");
        text(doc, rng, "backend", "/dev/urandom").setAttribute("model", "random");
        child(doc, devices, "memballoon").setAttribute("model", "none");
    }

    /**
     * Each card as a virtio-net PCI device on a {@code stream} netdev connected to its socket. libvirt 9.0 has no
     * interface type for a Unix stream socket, so these two options are passed to QEMU as they are; QEMU splits
     * options at commas, so a comma in a path is doubled (its escape) and the MAC is the console's own, checked form.
     * QEMU reads these before libvirt's own devices, which libvirt places from the root bus's first slots up: so the
     * cards take slots from {@link #FIRST_NIC_SLOT} down, which libvirt never reaches with a VM's few devices (and
     * which are free on both {@code virt} and {@code q35}, whose chipset sits at slot 0x1f).
     */
    private static void nics(Document doc, Element domain, List<LaunchSpec.Nic> nics, List<Path> sockets) {
        if (nics.isEmpty()) {
            return;
        }
        domain.setAttribute("xmlns:qemu", QEMU_NAMESPACE);
        Element commandLine = doc.createElementNS(QEMU_NAMESPACE, "qemu:commandline");
        domain.appendChild(commandLine);
        for (int i = 0; i < nics.size(); i++) {
            String id = "vireo-nic" + i;
            arg(doc, commandLine, "-netdev");
            arg(doc, commandLine, "stream,id=" + id + ",server=off,addr.type=unix,addr.path="
                    + sockets.get(i).toString().replace(",", ",,"));
            arg(doc, commandLine, "-device");
            arg(doc, commandLine, "virtio-net-pci,netdev=" + id + ",mac=" + MacAddresses.parse(nics.get(i).mac())
                    + ",bus=pcie.0,addr=0x" + Integer.toHexString(FIRST_NIC_SLOT - i));
        }
    }

    private static void arg(Document doc, Element commandLine, String value) {
        Element arg = doc.createElementNS(QEMU_NAMESPACE, "qemu:arg");
        arg.setAttribute("value", value);
        commandLine.appendChild(arg);
    }

    private static void disk(Document doc, Element devices, String device, String format, String file, String target,
            String bus, boolean readOnly) {
        Element disk = child(doc, devices, "disk");
        disk.setAttribute("type", "file");
        disk.setAttribute("device", device);
        Element driver = child(doc, disk, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", format);
        child(doc, disk, "source").setAttribute("file", file);
        Element dev = child(doc, disk, "target");
        dev.setAttribute("dev", target);
        dev.setAttribute("bus", bus);
        if (readOnly) {
            child(doc, disk, "readonly");
        }
    }

    /** vda, vdb, … vdz, vdaa as Linux names them; a VM has far fewer disks than that. */
    private static String letter(int index) {
        return index < 26 ? String.valueOf((char) ('a' + index)) : letter(index / 26 - 1) + letter(index % 26);
    }

    static Element child(Document doc, org.w3c.dom.Node parent, String name) {
        Element element = doc.createElement(name);
        parent.appendChild(element);
        return element;
    }

    private static Element text(Document doc, Element parent, String name, String value) {
        Element element = child(doc, parent, name);
        element.setTextContent(value);
        return element;
    }

    static Document newDocument() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML builder is not configured", e);
        }
    }

    static String write(Document doc) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("The JDK's XML writer failed on a document it built", e);
        }
    }
}
