package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import io.vireo.console.domain.ConflictException;

/**
 * The devices of a domain as its XML names them. Its disks come in order: the VM's disks ({@code device='disk'})
 * are the {@link io.vireo.console.engine.LaunchSpec#disks()} in the same order ({@link DomainXml} writes them so and libvirt
 * keeps the order), so a disk's position finds its target ({@code vda}) and file.
 */
final class DomainDevices {
    private final Document doc;
    private final List<Element> disks = new ArrayList<>();
    private final List<String> allTargets = new ArrayList<>();
    private final List<String> cdromTargets = new ArrayList<>();

    private DomainDevices(Document doc) {
        this.doc = doc;
        NodeList nodes = doc.getElementsByTagName("disk");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element disk = (Element) nodes.item(i);
            if (!(disk.getParentNode() instanceof Element parent) || !parent.getTagName().equals("devices")) {
                continue;
            }
            allTargets.add(first(disk, "target").getAttribute("dev"));
            if (disk.getAttribute("device").equals("disk")) {
                disks.add(disk);
            } else if (disk.getAttribute("device").equals("cdrom")) {
                cdromTargets.add(first(disk, "target").getAttribute("dev"));
            }
        }
    }

    /** The disks of a domain's XML (as libvirt wrote it, never a user's text). */
    static DomainDevices of(String domainXml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new DomainDevices(factory.newDocumentBuilder().parse(new InputSource(new StringReader(domainXml))));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("libvirt answered a domain XML that does not parse", e);
        }
    }

    /** The target ({@code vda}) of the VM's disk at {@code position}. */
    String target(int position) {
        return first(disk(position), "target").getAttribute("dev");
    }

    /** The file disk {@code position} reads and writes now (its chain's top). */
    Path source(int position) {
        return Path.of(first(disk(position), "source").getAttribute("file"));
    }

    /** The targets of the VM's disks, in order. */
    List<String> diskTargets() {
        return disks.stream().map(disk -> first(disk, "target").getAttribute("dev")).toList();
    }

    /** The target of the CD-ROM drive; empty when the domain has none (it booted without a disc). */
    Optional<String> cdromTarget() {
        return cdromTargets.stream().findFirst();
    }

    /** Every disk and CD-ROM drive's target, the VM's disks and others alike. */
    List<String> allTargets() {
        return List.copyOf(allTargets);
    }

    /**
     * The domain's XML to restore it with: the disks at these positions on these files (the backing chains libvirt
     * recorded go, as they were those of the old files, and are read again from the new ones), and its serial log
     * appended to, so the guest's output goes on after what it wrote before it was saved.
     */
    String restoredOn(Map<Integer, Path> tops) {
        for (String port : new String[] {"serial", "console"}) { // libvirt writes the serial port as both
            NodeList ports = doc.getElementsByTagName(port);
            for (int i = 0; i < ports.getLength(); i++) {
                Element serial = (Element) ports.item(i);
                if (serial.getAttribute("type").equals("file")) {
                    first(serial, "source").setAttribute("append", "on");
                }
            }
        }
        tops.forEach((position, top) -> {
            Element disk = disk(position);
            first(disk, "source").setAttribute("file", top.toString());
            for (Node node = disk.getFirstChild(); node != null; ) {
                Node next = node.getNextSibling();
                if (node instanceof Element element && element.getTagName().equals("backingStore")) {
                    disk.removeChild(element);
                }
                node = next;
            }
        });
        return DomainXml.write(doc);
    }

    private Element disk(int position) {
        if (position < 0 || position >= disks.size()) {
            throw new ConflictException("No such disk", "The VM's domain has " + disks.size() + " disk(s), no disk "
                    + position);
        }
        return disks.get(position);
    }

    /** A direct child: a disk's backing chain has elements of the same names further down. */
    private static Element first(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        throw new IllegalStateException("A domain's disk without <" + name + ">");
    }
}
