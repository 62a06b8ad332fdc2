package io.vireo.engine.appliance.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ModuleClosureTest {

    private static Function<String, ModInfo> kernel(Map<String, List<String>> depends) {
        return name -> {
            List<String> needed = depends.get(name);
            if (needed == null) {
                throw new IllegalArgumentException("the kernel has no module " + name);
            }
            return new ModInfo(name, needed);
        };
    }

    @Test
    void dependenciesLoadBeforeTheModulesThatNeedThemAndEachLoadsOnce() {
        Function<String, ModInfo> modules = kernel(Map.of(
                "virtio_gpu", List.of("drm_kms_helper", "drm"),
                "drm_kms_helper", List.of("drm"),
                "drm", List.of(),
                "ext4", List.of("jbd2", "mbcache"),
                "jbd2", List.of(),
                "mbcache", List.of()));

        List<String> order = ModuleClosure.loadOrder(List.of("virtio_gpu", "ext4", "drm"), modules)
                .stream().map(ModInfo::name).toList();

        assertThat(order).containsExactly("drm", "drm_kms_helper", "virtio_gpu", "jbd2", "mbcache", "ext4");
    }

    @Test
    void wantedNamesWithDashesMeanTheSameModule() {
        List<String> order = ModuleClosure.loadOrder(List.of("virtio-rng"), kernel(Map.of("virtio_rng", List.of())))
                .stream().map(ModInfo::name).toList();

        assertThat(order).containsExactly("virtio_rng");
    }

    @Test
    void dependencyCycleIsReported() {
        Function<String, ModInfo> modules = kernel(Map.of("a", List.of("b"), "b", List.of("a")));

        assertThatThrownBy(() -> ModuleClosure.loadOrder(List.of("a"), modules))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle: a -> b -> a");
    }

    @Test
    void missingDependencyIsReported() {
        Function<String, ModInfo> modules = kernel(Map.of("a", List.of("gone")));

        assertThatThrownBy(() -> ModuleClosure.loadOrder(List.of("a"), modules))
                .hasMessageContaining("no module gone");
    }
}
