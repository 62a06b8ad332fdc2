package io.vireo.console.ovf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Descriptors as ovftool, VirtualBox and OVF 2.0 writers shape them map to the same hardware; hostile ones are
 * refused with the reason.
 */
class OvfDescriptorTest {

    static String fixture(String name, Map<String, String> values) throws IOException {
        return OvfTestPackages.descriptor(name, values);
    }

    private static OvfPackage read(String text) throws OvfException {
        return OvfDescriptor.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anOvftoolPackageMapsItsCpusMemoryDisksAndNetworks() throws Exception {
        OvfPackage ovf = read(fixture("ovftool.ovf", Map.of("disk1.size", "1000", "disk2.size", "2000",
                "disk1.mib", "64", "disk2.mib", "32")));

        PackagedVm vm = ovf.systems().getFirst();
        assertThat(vm.name()).isEqualTo("web-appliance");
        assertThat(vm.vcpus()).isEqualTo(4);
        assertThat(vm.coresPerSocket()).isEqualTo(2);
        assertThat(vm.memoryMib()).isEqualTo(2048);
        assertThat(vm.disks()).extracting(PackagedVm.Disk::capacityBytes).containsExactly(64L << 20, 32L << 20);
        assertThat(vm.disks().getFirst().file().orElseThrow().href()).isEqualTo("web-appliance-disk1.vmdk");
        assertThat(vm.disks().getFirst().file().orElseThrow().size()).isEqualTo(1000);
        assertThat(vm.nics()).extracting(PackagedVm.Nic::network).containsExactly("VM Network", "backend");
        assertThat(vm.architecture()).isEqualTo("x86_64");
        assertThat(vm.firmware()).contains("EFI");
        assertThat(vm.description()).isEqualTo("Web Appliance 2.4 by Example Corp");
        assertThat(vm.leftOut()).hasSize(2).anyMatch(s -> s.startsWith("CD-ROM 1"))
                .anyMatch(s -> s.startsWith("VirtualVideoCard"));
        assertThat(ovf.eula()).isEmpty();
    }

    @Test
    void aDiskItemMayNameItsFileDirectly() throws Exception {
        PackagedVm vm = read(fixture("ovftool.ovf", Map.of("disk1.size", "1000", "disk2.size", "2000",
                "disk1.mib", "64", "disk2.mib", "32")).replace("ovf:/disk/vmdisk2", "ovf:/file/file2"))
                .systems().getFirst();

        assertThat(vm.disks()).extracting(d -> d.file().orElseThrow().href())
                .containsExactly("web-appliance-disk1.vmdk", "web-appliance-disk2.vmdk");
        assertThat(vm.disks().getLast().capacityBytes()).isZero();
        assertThatThrownBy(() -> read(fixture("ovftool.ovf", Map.of("disk1.size", "1", "disk2.size", "2",
                "disk1.mib", "64", "disk2.mib", "32")).replace("ovf:/disk/vmdisk2", "ovf:/file/file9")))
                .hasMessageContaining("ovf:/file/file9, which References does not list");
    }

    @Test
    void aVirtualBoxPackageWithoutPrefixedHostResourcesAndNamedUnitsMaps() throws Exception {
        PackagedVm vm = read(fixture("virtualbox.ovf", Map.of("disk1.bytes", "67108864"))).systems().getFirst();

        assertThat(vm.name()).isEqualTo("Ubuntu");
        assertThat(vm.vcpus()).isEqualTo(2);
        assertThat(vm.coresPerSocket()).isEqualTo(2);
        assertThat(vm.memoryMib()).isEqualTo(1024);
        assertThat(vm.disks()).singleElement().satisfies(d -> {
            assertThat(d.capacityBytes()).isEqualTo(64L << 20);
            assertThat(d.file().orElseThrow().size()).isEqualTo(-1);
        });
        assertThat(vm.nics()).extracting(PackagedVm.Nic::network).containsExactly("NAT");
        assertThat(vm.firmware()).contains("EFI");
        assertThat(vm.leftOut()).hasSize(3).anyMatch(s -> s.startsWith("usb")).anyMatch(s -> s.startsWith("sound"))
                .anyMatch(s -> s.startsWith("cdrom1"));
    }

    @Test
    void anOvf2EnvelopeWithStorageAndEthernetPortItemsAndUnprefixedAttributesMaps() throws Exception {
        PackagedVm vm = read(fixture("ovf2.ovf", Map.of("disk1.size", "5", "disk1.gib", "2"))).systems().getFirst();

        assertThat(vm.name()).isEqualTo("router");
        assertThat(vm.vcpus()).isEqualTo(1);
        assertThat(vm.memoryMib()).isEqualTo(1024);
        assertThat(vm.disks()).singleElement().satisfies(d -> assertThat(d.capacityBytes()).isEqualTo(2L << 30));
        assertThat(vm.nics()).extracting(PackagedVm.Nic::network).containsExactly("LAN");
        assertThat(vm.leftOut()).isEmpty();
    }

    @Test
    void aDescriptorWithADtdOrExternalEntityIsRefused() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE Envelope [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"><VirtualSystem><Name>&secret;</Name>\
                </VirtualSystem></Envelope>""";
        assertThatThrownBy(() -> read(xxe)).isInstanceOf(OvfException.class).hasMessageContaining("DTD");
        String bomb = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
                <Envelope>&lol2;</Envelope>""";
        assertThatThrownBy(() -> read(bomb)).isInstanceOf(OvfException.class).hasMessageContaining("DTD");
    }

    @Test
    void hrefsThatLeaveThePackageAreRefused() throws Exception {
        String base = fixture("ovf2.ovf", Map.of("disk1.size", "5", "disk1.gib", "2"));
        for (String href : new String[] {"/etc/shadow", "../../escape.vmdk", "http://example.org/d.vmdk",
                "sub/../../d.vmdk", "C:\\disk.vmdk"}) {
            assertThatThrownBy(() -> read(base.replace("router-disk001.vmdk", href)))
                    .as(href).isInstanceOf(OvfException.class).hasMessageContaining(href);
        }
    }

    @Test
    void absurdOrMalformedQuantitiesAreRefusedWithTheReason() throws Exception {
        String base = fixture("ovf2.ovf", Map.of("disk1.size", "5", "disk1.gib", "2"));
        assertThatThrownBy(() -> read(base.replace("capacity=\"2\"", "capacity=\"999999999999\"")))
                .hasMessageContaining("absurdly large");
        assertThatThrownBy(() -> read(base.replace("capacity=\"2\"", "capacity=\"2000000\"")))
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> read(base.replace("<rasd:VirtualQuantity>1</rasd:VirtualQuantity>\n      </Item>\n"
                + "      <Item>\n        <rasd:AllocationUnits>", "<rasd:VirtualQuantity>500</rasd:VirtualQuantity>\n"
                + "      </Item>\n      <Item>\n        <rasd:AllocationUnits>")))
                .hasMessageContaining("500 vCPUs");
        assertThatThrownBy(() -> read(base.replace("byte*2^30", "parsecs"))).hasMessageContaining("parsecs");
        assertThatThrownBy(() -> read(base.replace("size=\"5\"", "size=\"-5\""))).hasMessageContaining("negative");
        assertThatThrownBy(() -> read("<Envelope><VirtualSystem>")).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> read("<Other/>")).hasMessageContaining("not an OVF envelope");
    }

    @Test
    void aVirtualSystemCollectionReadsEachOfItsSystemsWithItsControllerAndCard() throws Exception {
        OvfPackage vapp = read(fixture("vapp.ovf", Map.of("disk1.size", "1", "disk2.size", "2", "disk1.mib", "16",
                "disk2.mib", "8")));

        assertThat(vapp.systems()).extracting(PackagedVm::name).containsExactly("shop-web", "shop-db");
        assertThat(vapp.systems()).extracting(PackagedVm::vcpus).containsExactly(2, 1);
        assertThat(vapp.systems()).extracting(PackagedVm::memoryMib).containsExactly(1024L, 2048L);
        assertThat(vapp.systems()).extracting(vm -> vm.disks().getFirst().controller())
                .containsExactly("SCSI VirtualSCSI", "SCSI lsilogic");
        assertThat(vapp.systems()).extracting(vm -> vm.nics().getFirst())
                .containsExactly(new PackagedVm.Nic("frontend", "VmxNet3", Optional.empty()),
                        new PackagedVm.Nic("backend", "E1000", Optional.empty()));
    }

    @Test
    void aCollectionOfMoreSystemsThanAnyPackageHoldsIsRefusedPlainly() throws Exception {
        String one = fixture("ovf2.ovf", Map.of("disk1.size", "5", "disk1.gib", "2"));
        int start = one.indexOf("  <VirtualSystem");
        int end = one.indexOf("</VirtualSystem>") + "</VirtualSystem>".length();
        String system = one.substring(start, end);
        String collection = one.substring(0, start) + "<VirtualSystemCollection ovf:id=\"vapp\"><Info>x</Info>"
                + system.repeat(OvfDescriptor.MAX_SYSTEMS + 1) + "</VirtualSystemCollection>" + one.substring(end);
        assertThatThrownBy(() -> read(collection)).hasMessageContaining("collection of 17 virtual systems");
    }
}
