package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** Reads a libvirt capabilities document: the host's CPU architecture and the guest architectures it can run. */
record Capabilities(String hostArch, List<String> guestArchitectures) {

    static Capabilities parse(String xml) {
        Document doc = read(xml);
        NodeList hostArch = doc.getElementsByTagName("host").getLength() == 0 ? null
                : ((Element) doc.getElementsByTagName("host").item(0)).getElementsByTagName("arch");
        String arch = hostArch == null || hostArch.getLength() == 0 ? "unknown" : hostArch.item(0).getTextContent().strip();
        List<String> guests = new ArrayList<>();
        NodeList guestNodes = doc.getElementsByTagName("guest");
        for (int i = 0; i < guestNodes.getLength(); i++) {
            NodeList arches = ((Element) guestNodes.item(i)).getElementsByTagName("arch");
            for (int j = 0; j < arches.getLength(); j++) {
                String name = ((Element) arches.item(j)).getAttribute("name");
                if (!name.isEmpty() && !guests.contains(name)) {
                    guests.add(name);
                }
            }
        }
        return new Capabilities(arch, guests.stream().sorted().toList());
    }

    /** The daemon's answer is parsed without DTDs or external entities, like anything read from another machine. */
    private static Document read(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("The host's capabilities are not XML: " + e.getMessage(), e);
        }
    }
}
