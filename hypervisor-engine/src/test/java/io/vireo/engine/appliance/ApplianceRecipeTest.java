package io.vireo.engine.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The recipes built for several architectures keep, for riscv64, exactly what their cached appliances hold. */
class ApplianceRecipeTest {

    @Test
    void theTinyRecipesDifferOnlyInTheirVirtioTransportAndEarlyConsole() {
        ApplianceRecipe riscv = ApplianceRecipe.named(ApplianceRecipe.TINY);
        ApplianceRecipe x86 = ApplianceRecipe.named(ApplianceRecipe.TINY_X86_64);

        assertThat(riscv.architecture()).isEqualTo(ApplianceArchitecture.RISCV64);
        assertThat(riscv.modules()).containsExactly("virtio_mmio", "virtio_gpu", "virtio_input", "virtio_blk",
                "virtio_net", "virtio_rng", "virtio_balloon", "evdev", "ext4", "virtio_scsi", "sd_mod", "sr_mod", "isofs");
        assertThat(riscv.cmdline()).isEqualTo("console=tty0 console=ttyS0 earlycon=sbi");
        assertThat(riscv.hostname()).isEqualTo("tiny");

        assertThat(x86.architecture()).isEqualTo(ApplianceArchitecture.X86_64);
        assertThat(x86.modules()).isEqualTo(riscv.modules().subList(1, riscv.modules().size()));
        assertThat(x86.cmdline()).isEqualTo("console=tty0 console=ttyS0");
        assertThat(x86.hostname()).as("a host name holds no '_'").isEqualTo("tiny-x86-64");
        assertThat(x86.installsSystem()).isFalse();
    }

    @Test
    void theDebianSystemStaysARiscvOneWithTheRiscvKernel() {
        ApplianceRecipe debian = ApplianceRecipe.named(ApplianceRecipe.DEBIAN);

        assertThat(debian.architecture()).isEqualTo(ApplianceArchitecture.RISCV64);
        assertThat(debian.modules()).containsExactly("virtio_mmio", "virtio_blk", "ext4");
        assertThat(debian.cmdline()).isEqualTo("console=tty0 console=ttyS0 earlycon=sbi root=/dev/vda rw");
        assertThat(debian.systemPackages()).contains("openssh-server", "linux-image-riscv64");
    }
}
