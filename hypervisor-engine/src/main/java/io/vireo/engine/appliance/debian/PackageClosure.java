package io.vireo.engine.appliance.debian;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The packages a system needs: the ones asked for and everything their {@code Pre-Depends:} and {@code Depends:}
 * name, followed through an archive index. Versions are not compared (one index holds one version of each
 * package). Of alternatives ({@code a | b}) an entry is met by any already chosen; otherwise the first that
 * exists is taken, as debootstrap does. A virtual name is met by a real package of that name, else by the
 * first of its providers in name order.
 */
public final class PackageClosure {
    private final Map<String, PackageRecord> index;
    private final Map<String, List<PackageRecord>> providers = new HashMap<>();

    public PackageClosure(Map<String, PackageRecord> index) {
        this.index = index;
        for (PackageRecord record : index.values()) {
            for (String virtual : record.provides()) {
                providers.computeIfAbsent(virtual, v -> new ArrayList<>()).add(record);
            }
        }
        providers.values().forEach(list -> list.sort(Comparator.comparing(PackageRecord::name)));
    }

    /** The names of every package of the given priority ({@code required}, {@code important}), in name order. */
    public List<String> withPriority(String priority) {
        return index.values().stream().filter(r -> r.priority().equals(priority)).map(PackageRecord::name).sorted().toList();
    }

    /**
     * The asked-for packages and their dependency closure, in name order.
     *
     * @throws PackageSourceException when a package asked for is not in the index, or a dependency entry has no
     *         alternative that is (naming the package that needs it)
     */
    public List<PackageRecord> resolve(Collection<String> wanted) {
        Map<String, PackageRecord> chosen = new TreeMap<>();
        Map<String, String> satisfied = new HashMap<>();
        Deque<PackageRecord> pending = new ArrayDeque<>();
        for (String name : wanted) {
            PackageRecord record = lookup(name).orElseThrow(() -> new PackageSourceException("no package " + name));
            choose(record, chosen, satisfied, pending);
        }
        while (!pending.isEmpty()) {
            PackageRecord record = pending.pop();
            for (List<String> alternatives : record.dependencies()) {
                if (alternatives.stream().anyMatch(satisfied::containsKey)) {
                    continue;
                }
                PackageRecord pick = alternatives.stream().map(this::lookup).flatMap(Optional::stream).findFirst()
                        .orElseThrow(() -> new PackageSourceException(record.name() + " depends on "
                                + String.join(" | ", alternatives) + ", which no package in the index provides"));
                choose(pick, chosen, satisfied, pending);
            }
        }
        return List.copyOf(chosen.values());
    }

    private Optional<PackageRecord> lookup(String name) {
        PackageRecord real = index.get(name);
        if (real != null) {
            return Optional.of(real);
        }
        return providers.getOrDefault(name, List.of()).stream().findFirst();
    }

    private static void choose(PackageRecord record, Map<String, PackageRecord> chosen, Map<String, String> satisfied,
                               Deque<PackageRecord> pending) {
        if (chosen.putIfAbsent(record.name(), record) != null) {
            return;
        }
        satisfied.put(record.name(), record.name());
        record.provides().forEach(virtual -> satisfied.putIfAbsent(virtual, record.name()));
        pending.push(record);
    }
}
