package io.vireo.engine.appliance.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.appliance.fixtures.ModuleElf;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModInfoReaderTest {

    @Test
    void readsNameAndDependenciesFromModinfo() {
        byte[] elf = ModuleElf.withModinfo("license=GPL", "depends=drm,drm_kms_helper,virtio-dma-buf", "name=virtio_gpu", "vermagic=7.2");

        ModInfo info = ModInfoReader.read(elf, "fallback");

        assertThat(info.name()).isEqualTo("virtio_gpu");
        assertThat(info.depends()).containsExactly("drm", "drm_kms_helper", "virtio_dma_buf");
    }

    @Test
    void moduleWithoutDependenciesHasAnEmptyList() {
        ModInfo info = ModInfoReader.read(ModuleElf.withModinfo("depends=", "name=crc16"), "crc16");

        assertThat(info.depends()).isEmpty();
    }

    @Test
    void moduleWithoutNameFieldTakesTheFileName() {
        ModInfo info = ModInfoReader.read(ModuleElf.withModinfo("depends=jbd2"), "virtio-rng");

        assertThat(info.name()).isEqualTo("virtio_rng");
    }

    @Test
    void nonElfBytesAreRejectedClearly() {
        assertThatThrownBy(() -> ModInfoReader.read(new byte[100], "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no ELF magic");
    }

    @Test
    void truncatedModuleIsRejectedClearly() {
        byte[] elf = ModuleElf.withModinfo("name=ext4");
        byte[] truncated = Arrays.copyOf(elf, elf.length - 40);

        assertThatThrownBy(() -> ModInfoReader.read(truncated, "ext4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the file");
    }
}
