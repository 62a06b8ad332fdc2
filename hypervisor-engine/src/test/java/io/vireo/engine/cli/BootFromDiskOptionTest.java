package io.vireo.engine.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BootFromDiskOptionTest {
    @Test
    void bootFromDiskTakesTheFirstDisksKernelAndAddsAppendToItsCommandLine() {
        BootCommand.Options o = BootCommand.parse("--boot-from-disk", "--disk", "root.qcow2");
        assertThat(o.fromDisk()).isTrue();
        assertThat(o.kernel()).isNull();
        assertThat(o.append()).as("nothing added to the disk's own command line").isEmpty();
        assertThat(BootCommand.parse("--disk", "root.qcow2", "--boot-from-disk", "--append", "single").append())
                .isEqualTo("single");
        assertThat(BootCommand.parse("--kernel", "Image").append()).isEqualTo("console=ttyS0 earlycon=sbi");
        assertThat(BootCommand.parse("--kernel", "Image").kernel()).isEqualTo(Path.of("Image"));
    }

    @Test
    void bootFromDiskNeedsADiskAndNoKernel() {
        assertThatThrownBy(() -> BootCommand.parse("--boot-from-disk"))
                .hasMessage("--boot-from-disk needs a --disk to boot from");
        assertThatThrownBy(() -> BootCommand.parse("--boot-from-disk", "--kernel", "Image", "--disk", "root.qcow2"))
                .hasMessage("--boot-from-disk boots the kernel on the first --disk: leave out --kernel and --initrd");
        assertThatThrownBy(() -> BootCommand.parse("--disk", "root.qcow2"))
                .hasMessage("--kernel (or --boot-from-disk) is required");
    }
}
