package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.engine.NetworkSettings;

class DomainXmlTest {
    /** XML and shell metacharacters, as a name, path or command line might carry them. */
    private static final String NASTY = "a<b>&c'd\"e;$(reboot)`id`|x</name><name>evil";

    @Test
    void everyValueStaysTextInItsElementAndTheDomainNameIsTheConsolesOwn() throws Exception {
        Path folder = Path.of("/data/vms", NASTY);
        LaunchSpec launch = launch(42L, NASTY, folder, List.of(
                new LaunchSpec.Disk(folder.resolve("disk0.qcow2"), "qcow2", false, folder, false),
                new LaunchSpec.Disk(folder.resolve("disk1.qcow2"), "qcow2", true, folder, true)));

        Document doc = parse(DomainXml.of(launch, "vireo-0a1b2c3d-42", Optional.of("+0:+0"), List.of()));

        assertThat(xpath(doc, "/domain/@type")).isEqualTo("qemu");
        assertThat(xpath(doc, "count(/domain/name)")).isEqualTo("1");
        assertThat(xpath(doc, "/domain/name")).isEqualTo("vireo-0a1b2c3d-42");
        assertThat(xpath(doc, "/domain/title")).isEqualTo(NASTY);
        assertThat(xpath(doc, "/domain/os/cmdline")).isEqualTo("console=ttyS0 " + NASTY);
        assertThat(xpath(doc, "/domain/os/kernel")).isEqualTo(folder.resolve("Image").toString());
        assertThat(xpath(doc, "/domain/devices/disk[1]/source/@file")).isEqualTo(folder.resolve("disk0.qcow2").toString());
        assertThat(xpath(doc, "/domain/devices/disk[1]/target/@dev")).isEqualTo("vda");
        assertThat(xpath(doc, "/domain/devices/disk[2]/target/@bus")).isEqualTo("scsi");
        assertThat(xpath(doc, "count(/domain/devices/disk[2]/readonly)")).isEqualTo("1");
        assertThat(xpath(doc, "/domain/devices/serial/@type")).as("a console the console follows").isEqualTo("pty");
        assertThat(xpath(doc, "/domain/devices/graphics/listen/@address")).isEqualTo("127.0.0.1");
        assertThat(xpath(doc, "/domain/seclabel/label")).isEqualTo("+0:+0");
    }

    @Test
    void anX8664GuestIsAQ35MachineAndAnUnknownArchitectureIsRefused() throws Exception {
        Path folder = Path.of("/data/vms/pc");
        LaunchSpec riscv = launch(7L, "pc", folder, List.of());
        LaunchSpec pc = new LaunchSpec(7L, "pc", 1, 256, riscv.kernel(), riscv.initrd(), "console=ttyS0", List.of(),
                Optional.empty(), List.of(), folder, 1000, 0, 1, 1, 64, "x86_64");
        Document doc = parse(DomainXml.of(pc, "d", Optional.empty(), List.of()));
        assertThat(xpath(doc, "/domain/@type")).isEqualTo("qemu");
        assertThat(xpath(doc, "/domain/os/type/@arch")).isEqualTo("x86_64");
        assertThat(xpath(doc, "/domain/os/type/@machine")).isEqualTo("q35");
        assertThat(xpath(doc, "/domain/os/kernel")).isEqualTo(folder.resolve("Image").toString());
        LaunchSpec arm = new LaunchSpec(7L, "pc", 1, 256, riscv.kernel(), riscv.initrd(), "", List.of(),
                Optional.empty(), List.of(), folder, 1000, 0, 1, 1, 64, "aarch64");
        assertThatThrownBy(() -> DomainXml.of(arm, "d", Optional.empty(), List.of())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("aarch64 guest");
    }

    @Test
    void eachCardIsAVirtioNetOnAStreamToItsSocketWithCommasInThePathEscapedForQemu() throws Exception {
        Path folder = Path.of("/data/vms/x");
        NetworkSettings network = new NetworkSettings(1L, "default", "nat", "10.0.2.0/24", "10.0.2.2", true,
                "10.0.2.15", "10.0.2.99", 3600, true, null, List.of());
        LaunchSpec.Nic nic = new LaunchSpec.Nic("52:56:00:AB:00:01", network, Optional.empty(), Optional.empty(), true,
                List.of());
        LaunchSpec withNics = new LaunchSpec(1L, "x", 1, 256, Optional.of(folder.resolve("Image")), Optional.empty(),
                "", List.of(), Optional.empty(), List.of(nic, nic), folder, 1000, 0, 1, 1, 64, "riscv64");

        Document doc = parse(DomainXml.of(withNics, "d", Optional.empty(),
                List.of(Path.of("/run/a,id=evil/0.sock"), Path.of("/run/1.sock"))));

        assertThat(xpath(doc, "count(/domain/*[local-name()='commandline']/*[local-name()='arg'])")).isEqualTo("8");
        assertThat(xpath(doc, "/domain/*[local-name()='commandline']/*[2]/@value"))
                .isEqualTo("stream,id=vireo-nic0,server=off,addr.type=unix,addr.path=/run/a,,id=evil/0.sock");
        assertThat(xpath(doc, "/domain/*[local-name()='commandline']/*[4]/@value"))
                .isEqualTo("virtio-net-pci,netdev=vireo-nic0,mac=52:56:00:ab:00:01,bus=pcie.0,addr=0x1e");
        assertThat(xpath(doc, "/domain/*[local-name()='commandline']/*[6]/@value")).endsWith("addr.path=/run/1.sock");
        assertThat(xpath(doc, "/domain/*[local-name()='commandline']/*[8]/@value")).endsWith(",addr=0x1d");
    }

    private static LaunchSpec launch(Long id, String name, Path folder, List<LaunchSpec.Disk> disks) {
        return new LaunchSpec(id, name, 2, 512, Optional.of(folder.resolve("Image")),
                Optional.of(folder.resolve("initramfs.gz")), "console=ttyS0 " + name, disks, Optional.empty(),
                List.of(), folder, 1000, 0, 2, 1, 128, "riscv64");
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static String xpath(Document doc, String expression) throws Exception {
        String value = XPathFactory.newInstance().newXPath().evaluate(expression, doc);
        return value.endsWith(".0") ? value.substring(0, value.length() - 2) : value;
    }
}
