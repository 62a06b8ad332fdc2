package io.vireo.engine.vm;

import io.vireo.engine.boot.CpuTopology;
import io.vireo.engine.storage.ImageFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class VmSpecFileTest {
    @TempDir
    Path dir;

    @Test
    void aVmThatBootsFromItsDiskStillDoesOnceResumed() throws Exception {
        VmSpec spec = new VmSpec("from-disk", 2, 256L << 20, dir.resolve("disk-boot.Image"),
                dir.resolve("disk-boot.initrd"), "vireo.hostname=x",
                List.of(new DeviceSpec.Disk(dir.resolve("root.qcow2"), ImageFormat.QCOW2, false)), CpuTopology.flat(2),
                true);

        VmSpecFile.write(dir, spec);

        assertThat(VmSpecFile.read(dir, NicNetworks.NONE)).isEqualTo(spec);
    }

    @Test
    void aScsiControllerKeepsItsDisksAndTheDiscsInItsDrives() throws Exception {
        VmSpec spec = VmSpec.of("scsi", 1, 256L << 20, dir.resolve("Image"), null, "").withDevices(List.of(
                new DeviceSpec.Rng(),
                new DeviceSpec.ScsiController(List.of(new DeviceSpec.Disk(dir.resolve("a.qcow2"), ImageFormat.QCOW2, false),
                        new DeviceSpec.Disk(dir.resolve("b.raw"), ImageFormat.RAW, true, Optional.of(dir))),
                        List.of(Optional.empty(), Optional.of(dir.resolve("debian.iso"))))));

        VmSpecFile.write(dir, spec);

        assertThat(VmSpecFile.read(dir, NicNetworks.NONE)).isEqualTo(spec);
    }
}
