package io.vireo.console.ovf;

import java.util.List;
import java.util.Optional;

import io.vireo.console.vm.VmExports;

/**
 * Writes the OVF 1.0 descriptor of an export: References with {@code ovf:size} on every file, the DiskSection
 * (streamOptimized VMDKs), the networks, and one VirtualSystem whose RASD items come in the order ovftool writes
 * them (processor, memory, the disk controller, disks, network cards). What OVF has no words for (a RISC-V guest, a
 * kernel booted directly with its initramfs and command line) goes into Vireo's own section, marked
 * {@code ovf:required="false"} so other tools skip it and Vireo reads it back.
 */
final class OvfEnvelopeWriter {
    static final String VIREO_NAMESPACE = "https://vireo.io/ovf/1";
    private static final String STREAM_OPTIMIZED =
            "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized";

    /** A file of the package, by its id in References. */
    record PackedFile(String id, String name, long size) {
    }

    /** A disk of the package: its file and the capacity the guest sees. */
    record PackedDisk(PackedFile file, long capacityBytes) {
    }

    private OvfEnvelopeWriter() {
    }

    static String write(VmExports.Source vm, List<PackedDisk> disks, Optional<PackedFile> kernel,
            Optional<PackedFile> initrd) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\"")
                .append(" xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\"")
                .append(" xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData\"")
                .append(" xmlns:vssd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData\"")
                .append(" xmlns:vmw=\"http://www.vmware.com/schema/ovf\"")
                .append(" xmlns:vireo=\"").append(VIREO_NAMESPACE).append("\">\n");
        x.append("  <References>\n");
        for (PackedDisk d : disks) {
            file(x, d.file());
        }
        kernel.ifPresent(f -> file(x, f));
        initrd.ifPresent(f -> file(x, f));
        x.append("  </References>\n");
        x.append("  <DiskSection>\n    <Info>Virtual disk information</Info>\n");
        for (int i = 0; i < disks.size(); i++) {
            PackedDisk d = disks.get(i);
            x.append("    <Disk ovf:capacity=\"").append(d.capacityBytes()).append("\" ovf:capacityAllocationUnits=\"byte\"")
                    .append(" ovf:diskId=\"vmdisk").append(i + 1).append("\" ovf:fileRef=\"").append(d.file().id())
                    .append("\" ovf:format=\"").append(STREAM_OPTIMIZED).append("\"/>\n");
        }
        x.append("  </DiskSection>\n");
        List<String> networks = vm.networks().stream().distinct().toList();
        if (!networks.isEmpty()) {
            x.append("  <NetworkSection>\n    <Info>The list of logical networks</Info>\n");
            for (String n : networks) {
                x.append("    <Network ovf:name=\"").append(escape(n)).append("\">\n      <Description>The ")
                        .append(escape(n)).append(" network</Description>\n    </Network>\n");
            }
            x.append("  </NetworkSection>\n");
        }
        x.append("  <VirtualSystem ovf:id=\"").append(escape(vm.name())).append("\">\n");
        x.append("    <Info>A virtual machine</Info>\n    <Name>").append(escape(vm.name())).append("</Name>\n");
        if (vm.description() != null && !vm.description().isBlank()) {
            x.append("    <AnnotationSection>\n      <Info>A human-readable annotation</Info>\n      <Annotation>")
                    .append(escape(vm.description())).append("</Annotation>\n    </AnnotationSection>\n");
        }
        x.append("    <OperatingSystemSection ovf:id=\"36\">\n      <Info>The kind of installed guest operating system</Info>\n")
                .append("      <Description>Linux ").append(vm.architecture().label())
                .append("</Description>\n    </OperatingSystemSection>\n");
        hardware(x, vm, disks);
        vireoSection(x, vm, kernel, initrd);
        x.append("  </VirtualSystem>\n</Envelope>\n");
        return x.toString();
    }

    private static void hardware(StringBuilder x, VmExports.Source vm, List<PackedDisk> disks) {
        x.append("    <VirtualHardwareSection>\n      <Info>Virtual hardware requirements</Info>\n");
        x.append("      <System>\n        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>\n")
                .append("        <vssd:InstanceID>0</vssd:InstanceID>\n        <vssd:VirtualSystemIdentifier>")
                .append(escape(vm.name())).append("</vssd:VirtualSystemIdentifier>\n")
                .append("        <vssd:VirtualSystemType>vireo-1</vssd:VirtualSystemType>\n      </System>\n");
        int id = 1;
        x.append("      <Item>\n        <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>\n")
                .append("        <rasd:Description>Number of Virtual CPUs</rasd:Description>\n")
                .append("        <rasd:ElementName>").append(vm.vcpus()).append(" virtual CPU(s)</rasd:ElementName>\n")
                .append("        <rasd:InstanceID>").append(id++).append("</rasd:InstanceID>\n")
                .append("        <rasd:ResourceType>3</rasd:ResourceType>\n")
                .append("        <rasd:VirtualQuantity>").append(vm.vcpus()).append("</rasd:VirtualQuantity>\n")
                .append("        <vmw:CoresPerSocket ovf:required=\"false\">").append(vm.coresPerSocket())
                .append("</vmw:CoresPerSocket>\n      </Item>\n");
        x.append("      <Item>\n        <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>\n")
                .append("        <rasd:Description>Memory Size</rasd:Description>\n")
                .append("        <rasd:ElementName>").append(vm.memoryMib()).append("MB of memory</rasd:ElementName>\n")
                .append("        <rasd:InstanceID>").append(id++).append("</rasd:InstanceID>\n")
                .append("        <rasd:ResourceType>4</rasd:ResourceType>\n")
                .append("        <rasd:VirtualQuantity>").append(vm.memoryMib()).append("</rasd:VirtualQuantity>\n")
                .append("      </Item>\n");
        int controller = id++;
        x.append("      <Item>\n        <rasd:Address>0</rasd:Address>\n")
                .append("        <rasd:Description>SCSI Controller</rasd:Description>\n")
                .append("        <rasd:ElementName>SCSI controller 0</rasd:ElementName>\n")
                .append("        <rasd:InstanceID>").append(controller).append("</rasd:InstanceID>\n")
                .append("        <rasd:ResourceSubType>lsilogic</rasd:ResourceSubType>\n")
                .append("        <rasd:ResourceType>6</rasd:ResourceType>\n      </Item>\n");
        for (int i = 0; i < disks.size(); i++) {
            x.append("      <Item>\n        <rasd:AddressOnParent>").append(i).append("</rasd:AddressOnParent>\n")
                    .append("        <rasd:ElementName>Hard Disk ").append(i + 1).append("</rasd:ElementName>\n")
                    .append("        <rasd:HostResource>ovf:/disk/vmdisk").append(i + 1).append("</rasd:HostResource>\n")
                    .append("        <rasd:InstanceID>").append(id++).append("</rasd:InstanceID>\n")
                    .append("        <rasd:Parent>").append(controller).append("</rasd:Parent>\n")
                    .append("        <rasd:ResourceType>17</rasd:ResourceType>\n      </Item>\n");
        }
        for (int i = 0; i < vm.networks().size(); i++) {
            String network = escape(vm.networks().get(i));
            x.append("      <Item>\n        <rasd:AddressOnParent>").append(7 + i).append("</rasd:AddressOnParent>\n")
                    .append("        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>\n")
                    .append("        <rasd:Connection>").append(network).append("</rasd:Connection>\n")
                    .append("        <rasd:Description>E1000 ethernet adapter on &quot;").append(network)
                    .append("&quot;</rasd:Description>\n")
                    .append("        <rasd:ElementName>Network adapter ").append(i + 1).append("</rasd:ElementName>\n")
                    .append("        <rasd:InstanceID>").append(id++).append("</rasd:InstanceID>\n")
                    .append("        <rasd:ResourceSubType>E1000</rasd:ResourceSubType>\n")
                    .append("        <rasd:ResourceType>10</rasd:ResourceType>\n      </Item>\n");
        }
        x.append("    </VirtualHardwareSection>\n");
    }

    private static void vireoSection(StringBuilder x, VmExports.Source vm, Optional<PackedFile> kernel,
            Optional<PackedFile> initrd) {
        x.append("    <vireo:VireoSection ovf:required=\"false\">\n")
                .append("      <Info>Vireo hardware that OVF has no words for</Info>\n")
                .append("      <vireo:Architecture>").append(vm.architecture().label()).append("</vireo:Architecture>\n");
        vm.kernel().ifPresent(k -> {
            x.append("      <vireo:BootImage>").append(escape(k.name())).append("</vireo:BootImage>\n");
            kernel.ifPresent(f -> x.append("      <vireo:Kernel vireo:fileRef=\"").append(f.id()).append("\"/>\n"));
            initrd.ifPresent(f -> x.append("      <vireo:Initrd vireo:fileRef=\"").append(f.id()).append("\"/>\n"));
            x.append("      <vireo:CommandLine>").append(escape(k.commandLine())).append("</vireo:CommandLine>\n");
        });
        x.append("    </vireo:VireoSection>\n");
    }

    private static void file(StringBuilder x, PackedFile f) {
        x.append("    <File ovf:href=\"").append(escape(f.name())).append("\" ovf:id=\"").append(f.id())
                .append("\" ovf:size=\"").append(f.size()).append("\"/>\n");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
