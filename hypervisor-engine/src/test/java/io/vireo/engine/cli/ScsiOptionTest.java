package io.vireo.engine.cli;

import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.vm.DeviceSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ScsiOptionTest {
    @Test
    void scsiDisksAndCdromsShareOneControllerAfterTheOtherDevices() {
        BootCommand.Options o = BootCommand.parse("--kernel", "Image", "--scsi-disk", "data.qcow2,ro", "--rng",
                "--cdrom", "debian.iso", "--cdrom", "empty");
        assertThat(o.devices()).containsExactly(new DeviceSpec.Rng(), new DeviceSpec.ScsiController(
                List.of(new DeviceSpec.Disk(Path.of("data.qcow2"), ImageFormat.QCOW2, true)),
                List.of(Optional.of(Path.of("debian.iso")), Optional.empty())));
        assertThat(BootCommand.parse("--kernel", "Image", "--disk", "root.qcow2").devices())
                .as("no controller without SCSI options").noneMatch(DeviceSpec.ScsiController.class::isInstance);
    }
}
