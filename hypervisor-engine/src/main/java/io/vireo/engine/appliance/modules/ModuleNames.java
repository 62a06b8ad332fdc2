package io.vireo.engine.appliance.modules;

/** The kernel treats {@code -} and {@code _} in module names as the same; Vireo always uses {@code _}. */
public final class ModuleNames {

    private ModuleNames() {
    }

    public static String normalize(String name) {
        return name.strip().replace('-', '_');
    }

    /** The module name a file such as {@code virtio-rng.ko.xz} holds. */
    public static String ofFile(String fileName) {
        String base = fileName;
        for (String suffix : new String[] {".xz", ".zst", ".gz"}) {
            if (base.endsWith(suffix)) {
                base = base.substring(0, base.length() - suffix.length());
            }
        }
        if (base.endsWith(".ko")) {
            base = base.substring(0, base.length() - 3);
        }
        return normalize(base);
    }
}
