package io.vireo.engine.appliance.modules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The modules a wanted set needs, in an order {@code insmod} can load them: every module
 * after all of its {@code depends=}. Wanted modules keep their given order where the
 * dependencies allow it, so the load order is stable from build to build.
 */
public final class ModuleClosure {

    private ModuleClosure() {
    }

    /**
     * @param modInfo looks a module up by (normalized) name; throws when the kernel has no such module
     * @throws IllegalArgumentException when the dependencies form a cycle
     */
    public static List<ModInfo> loadOrder(List<String> wanted, Function<String, ModInfo> modInfo) {
        Map<String, ModInfo> known = new HashMap<>();
        Set<String> ordered = new LinkedHashSet<>();
        List<ModInfo> order = new ArrayList<>();
        for (String name : wanted) {
            visit(ModuleNames.normalize(name), modInfo, known, new LinkedHashSet<>(), ordered, order);
        }
        return List.copyOf(order);
    }

    private static void visit(String name, Function<String, ModInfo> modInfo, Map<String, ModInfo> known,
                              Set<String> path, Set<String> ordered, List<ModInfo> order) {
        if (ordered.contains(name)) {
            return;
        }
        if (!path.add(name)) {
            throw new IllegalArgumentException("module dependency cycle: " + String.join(" -> ", path) + " -> " + name);
        }
        ModInfo info = known.computeIfAbsent(name, modInfo);
        for (String dependency : info.depends()) {
            visit(dependency, modInfo, known, path, ordered, order);
        }
        path.remove(name);
        ordered.add(name);
        order.add(info);
    }
}
