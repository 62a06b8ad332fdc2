package io.vireo.console.ovf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: an OVF descriptor of any content, as an uploaded package brings it. Reading it ends in an
 * {@link OvfPackage} whose hardware lies in the ranges Vireo gives a VM and whose file names stay in the package, or
 * in an {@link OvfException} with the reason; nothing else is thrown. The seeds are the ovftool, VirtualBox and OVF
 * 2.0 fixtures. Run longer with {@code JAZZER_FUZZ=1} (see the README).
 */
class OvfDescriptorFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void read(byte[] descriptor) {
        OvfPackage ovf;
        try {
            ovf = OvfDescriptor.read(new ByteArrayInputStream(descriptor));
        } catch (OvfException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        PackagedVm vm = ovf.systems().getFirst();
        assertThat(vm.vcpus()).isBetween(1, PackagedVm.MAX_VCPUS);
        assertThat(vm.vcpus() % vm.coresPerSocket()).isZero();
        assertThat(vm.memoryMib()).isBetween(64L, PackagedVm.MAX_MEMORY_MIB);
        assertThat(vm.disks()).allSatisfy(d -> assertThat(d.capacityBytes()).isBetween(0L, PackageDisks.MAX_DISK_BYTES));
        assertThat(ovf.files()).allSatisfy(f -> assertThat(f.href()).doesNotContain("..", "/", "\\", ":"));
    }
}
