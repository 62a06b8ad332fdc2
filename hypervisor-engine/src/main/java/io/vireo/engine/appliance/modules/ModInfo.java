package io.vireo.engine.appliance.modules;

import java.util.List;

/** What a kernel module's {@code .modinfo} section says about loading it: its name and the modules it needs first. */
public record ModInfo(String name, List<String> depends) {

    public ModInfo {
        depends = List.copyOf(depends);
    }
}
