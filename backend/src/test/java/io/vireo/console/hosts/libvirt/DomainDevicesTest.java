package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vireo.console.domain.ConflictException;

class DomainDevicesTest {
    /** A live domain as libvirt 9.0 writes it: a disk with its backing chain, a CD-ROM drive, a second disk. */
    private static final String LIVE = """
            <domain type='qemu' id='7'>
              <name>vireo-12</name>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='/data/vm/disk0-3.qcow2' index='2'/>
                  <backingStore type='file' index='1'>
                    <format type='qcow2'/>
                    <source file='/data/vm/disk0.qcow2'/>
                    <backingStore/>
                  </backingStore>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <target dev='sda' bus='scsi'/>
                  <readonly/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='/data/vm/disk1.qcow2'/>
                  <target dev='vdb' bus='virtio'/>
                </disk>
                <serial type='file'>
                  <source path='/data/vm/serial.log'/>
                  <target type='system-serial' port='0'/>
                </serial>
                <console type='file'>
                  <source path='/data/vm/serial.log'/>
                  <target type='serial' port='0'/>
                </console>
              </devices>
            </domain>
            """;

    @Test
    void aDiskPositionFindsItsTargetAndTopWhateverDrivesSitBetween() {
        DomainDevices devices = DomainDevices.of(LIVE);
        assertThat(devices.target(1)).isEqualTo("vdb");
        assertThat(devices.source(0)).isEqualTo(Path.of("/data/vm/disk0-3.qcow2"));
        assertThat(devices.diskTargets()).containsExactly("vda", "vdb");
        assertThat(devices.allTargets()).containsExactly("vda", "sda", "vdb");
        assertThatThrownBy(() -> devices.target(2)).isInstanceOf(ConflictException.class);
    }

    @Test
    void aRestoredDomainRunsOnTheDisksGivenWithItsChainReadAgainAndItsSerialLogAppendedTo() {
        String xml = DomainDevices.of(LIVE).restoredOn(Map.of(0, Path.of("/data/vm/disk0-4.qcow2")));
        DomainDevices restored = DomainDevices.of(xml);
        assertThat(restored.source(0)).isEqualTo(Path.of("/data/vm/disk0-4.qcow2"));
        assertThat(restored.source(1)).isEqualTo(Path.of("/data/vm/disk1.qcow2"));
        assertThat(xml).doesNotContain("backingStore").doesNotContain("disk0.qcow2");
        assertThat(xml.split("append=\"on\"", -1)).as("the serial port and its console alias").hasSize(3);
    }
}
