package io.vireo.console.engine;

import java.util.function.BiConsumer;

import org.springframework.stereotype.Component;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceException;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.RootDisk;

/**
 * Builds starter appliances from Debian packages with the engine's builder. Where packages come from and
 * where results are cached follow the engine's settings ({@code VIREO_CACHE}, {@code VIREO_DEBIAN_MIRROR},
 * {@code VIREO_DEBIAN_SUITES} or the same as system properties).
 */
@Component
public class ApplianceFactory {

    /**
     * Builds (or takes from the cache) the named appliance, reporting percent and step as it goes. An installed
     * system (debian) takes about twenty minutes from an empty cache.
     *
     * @throws IllegalArgumentException with what went wrong, e.g. no package source could be reached
     */
    public BuiltAppliance build(String name, BiConsumer<Integer, String> progress) {
        try {
            Appliance appliance = new ApplianceBuilder(ApplianceSettings.fromEnvironment())
                    .build(name, progress::accept);
            return new BuiltAppliance(appliance.name(), appliance.kernel(), appliance.initrd(), appliance.cmdline(),
                    appliance.kernelVersion(), appliance.rootDisk().map(RootDisk::image));
        } catch (ApplianceException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
