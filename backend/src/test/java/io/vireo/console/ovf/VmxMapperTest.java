package io.vireo.console.ovf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The seed's sample {@code .vmx} (Ubuntu-VM: 2 vCPUs, 4096 MB, EFI, an LSI Logic disk, a vmxnet3 card on NAT, a CD-ROM
 * ISO) maps field by field; what the engine has no device for is listed in words; the file's syntax (keys in any
 * case, {@code .encoding}, {@code |XX} escapes) reads as VMware reads it.
 */
class VmxMapperTest {

    static byte[] sample() throws IOException {
        try (InputStream in = VmxMapperTest.class.getResourceAsStream("/vmx/Ubuntu-VM.vmx")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theSeedSampleMapsEveryField() throws Exception {
        PackagedVm vm = VmxMapper.map(VmxFile.parse(sample(), "Ubuntu-VM.vmx"), "fallback");

        assertThat(vm.name()).isEqualTo("Ubuntu-VM");
        assertThat(vm.vcpus()).isEqualTo(2);
        assertThat(vm.coresPerSocket()).isEqualTo(2);
        assertThat(vm.memoryMib()).isEqualTo(4096);
        assertThat(vm.firmware()).contains("EFI");
        assertThat(vm.architecture()).isEqualTo("x86_64");
        assertThat(vm.uuid()).contains("564d8a2e-1c3f-9b7d-4e6a-1f2b3c4d5e6f");
        assertThat(vm.description()).isEqualTo("Build box\nowner: \"ops\" | café");
        assertThat(vm.disks()).singleElement().satisfies(disk -> {
            assertThat(disk.id()).isEqualTo("scsi0:0");
            assertThat(disk.controller()).isEqualTo("LSI Logic SCSI");
            assertThat(disk.file().orElseThrow().href()).isEqualTo("Ubuntu-VM-000001.vmdk");
        });
        assertThat(vm.nics()).containsExactly(new PackagedVm.Nic("NAT", "vmxnet3", Optional.of("00:0c:29:4d:5e:6f")));
        assertThat(vm.cdrom()).contains(new PackagedVm.Cdrom("sata0:1 (SATA)",
                "ubuntu-22.04.4-live-server-amd64.iso"));
        assertThat(vm.leftOut())
                .noneMatch(s -> s.contains("CD/DVD"))
                .anyMatch(s -> s.contains("scsi0:0 (LSI Logic SCSI) is a virtio disk"))
                .anyMatch(s -> s.contains("ethernet0 (vmxnet3) is a virtio-net card"))
                .anyMatch(s -> s.contains("EFI variables (Ubuntu-VM.nvram)"))
                .anyMatch(s -> s.contains("sound")).anyMatch(s -> s.contains("usb"))
                .noneMatch(s -> s.contains("floppy"));
    }

    @Test
    void defaultsAreVmwaresAndKeysAreCaseInsensitive() throws Exception {
        PackagedVm vm = map("MEMSIZE = \"512\"\nEthernet1.Present = \"true\"\nethernet1.addressType = \"static\"\n"
                + "ethernet1.address = \"00:50:56:00:00:01\"\nethernet1.connectionType = \"custom\"\n"
                + "ethernet1.vnet = \"VMnet2\"\nethernet2.present = \"TRUE\"\nethernet2.networkName = \"VM Network\"\n"
                + "guestOS = \"arm-ubuntu-64\"\n");

        assertThat(vm.name()).isEqualTo("fallback");
        assertThat(vm.vcpus()).isEqualTo(1);
        assertThat(vm.memoryMib()).isEqualTo(512);
        assertThat(vm.firmware()).isEmpty();
        assertThat(vm.architecture()).isEqualTo("aarch64");
        assertThat(vm.nics()).containsExactly(new PackagedVm.Nic("VMnet2", "e1000", Optional.of("00:50:56:00:00:01")),
                new PackagedVm.Nic("VM Network", "e1000", Optional.empty()));
    }

    @Test
    void onlyTheFirstIsoDriveIsTheVmsAndAHostDriveBringsNoDisc() throws Exception {
        PackagedVm vm = map("memsize = \"512\"\nide0.present = \"TRUE\"\nide0:0.present = \"TRUE\"\n"
                + "ide0:0.deviceType = \"atapi-cdrom\"\nide0:0.fileName = \"auto detect\"\n"
                + "ide1.present = \"TRUE\"\nide1:0.present = \"TRUE\"\nide1:0.deviceType = \"cdrom-image\"\n"
                + "ide1:0.fileName = \"C:\\ISO\\tools.iso\"\nide1:1.present = \"TRUE\"\n"
                + "ide1:1.deviceType = \"cdrom-image\"\nide1:1.fileName = \"/iso/drivers.iso\"\n");

        assertThat(vm.cdrom()).contains(new PackagedVm.Cdrom("ide1:0 (IDE)", "tools.iso"));
        assertThat(vm.disks()).isEmpty();
        assertThat(vm.leftOut())
                .anyMatch(s -> s.contains("ide0:0 (IDE) used the host's drive"))
                .anyMatch(s -> s.contains("ide1:1 (IDE) with drivers.iso was left out") && s.contains("tools.iso"));
    }

    @Test
    void theEncodingLineNamesTheCharsetOfTheValues() throws Exception {
        byte[] latin1 = ".encoding = \"windows-1252\"\nmemsize = \"256\"\ndisplayName = \"Caf\u00e9 |22VM|22\"\n"
                .getBytes(Charset.forName("windows-1252"));
        assertThat(VmxMapper.map(VmxFile.parse(latin1, "x.vmx"), "x").name()).isEqualTo("Café \"VM\"");
    }

    @Test
    void disksOutsideTheFolderBrokenLinesAndAbsurdHardwareAreRefused() {
        assertThatThrownBy(() -> map("memsize = \"256\"\nscsi0.present = \"TRUE\"\nscsi0:0.present = \"TRUE\"\n"
                + "scsi0:0.fileName = \"/vmfs/volumes/ds1/other/other.vmdk\"\n"))
                .hasMessageContaining("outside the VM's folder");
        assertThatThrownBy(() -> map("memsize = \"256\"\nide0:0.present = \"TRUE\"\nide0.present = \"TRUE\"\n"
                + "ide0:0.fileName = \"..evil.vmdk\"\n")).hasMessageContaining("..");
        assertThatThrownBy(() -> map("memsize = \"256\"\nthis is not a pair\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> map("memsize = \"256\"\nnumvcpus = \"4096\"\n")).hasMessageContaining("4096 vCPUs");
        assertThatThrownBy(() -> map("memsize = \"lots\"\n")).hasMessageContaining("memsize is not a number");
        assertThatThrownBy(() -> map(".encoding = \"klingon\"\nmemsize = \"256\"\n"))
                .hasMessageContaining("encoding klingon");
    }

    private static PackagedVm map(String vmx) throws OvfException {
        return VmxMapper.map(VmxFile.parse(vmx.getBytes(StandardCharsets.UTF_8), "x.vmx"), "fallback");
    }
}
