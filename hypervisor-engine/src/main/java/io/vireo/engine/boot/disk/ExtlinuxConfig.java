package io.vireo.engine.boot.disk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an {@code extlinux.conf} (syslinux's format, as U-Boot and Debian's u-boot-menu write it) that
 * choose what to boot: the DEFAULT label (else the one marked MENU DEFAULT, else the first) and its
 * LINUX/KERNEL, INITRD and APPEND. Keywords are case-insensitive; paths not starting with {@code /} are
 * relative to the file's own directory. Everything else (menus, timeouts, FDT) is ignored: the engine has no
 * menu and makes its own device tree.
 */
record ExtlinuxConfig(String label, String kernel, List<String> initrds, String append) {

    static ExtlinuxConfig parse(String text, String directory, String where) throws DiskBootException {
        Map<String, Entry> labels = new LinkedHashMap<>();
        String defaultLabel = null;
        String menuDefault = null;
        Entry current = null;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toLowerCase(Locale.ROOT);
            String value = parts.length > 1 ? parts[1].strip() : "";
            switch (keyword) {
                case "default" -> defaultLabel = value;
                case "label" -> {
                    current = new Entry(value);
                    labels.putIfAbsent(value, current);
                }
                case "menu" -> {
                    if (current != null && value.equalsIgnoreCase("default")) {
                        menuDefault = current.label;
                    }
                }
                case "linux", "kernel" -> {
                    if (current != null) {
                        current.kernel = value;
                    }
                }
                case "initrd" -> {
                    if (current != null) {
                        current.initrds = List.of(value.split(","));
                    }
                }
                case "append" -> {
                    if (current != null) {
                        current.append = value.equals("-") ? "" : value;
                    }
                }
                default -> {
                }
            }
        }
        String chosen = defaultLabel != null ? defaultLabel
                : menuDefault != null ? menuDefault : labels.keySet().stream().findFirst().orElse(null);
        if (chosen == null) {
            throw new DiskBootException(where + " defines no LABEL to boot");
        }
        Entry entry = Optional.ofNullable(labels.get(chosen)).orElseThrow(() -> new DiskBootException(
                where + ": DEFAULT names '" + chosen + "', which no LABEL defines"));
        if (entry.kernel == null) {
            throw new DiskBootException(where + ": LABEL " + chosen + " names no LINUX or KERNEL");
        }
        List<String> initrds = new ArrayList<>();
        for (String initrd : entry.initrds) {
            if (!initrd.isBlank()) {
                initrds.add(absolute(initrd.strip(), directory));
            }
        }
        return new ExtlinuxConfig(chosen, absolute(entry.kernel, directory), initrds, entry.append);
    }

    private static String absolute(String path, String directory) {
        return path.startsWith("/") ? path : directory + "/" + path;
    }

    /** A LABEL's lines as they are read. */
    private static final class Entry {
        private final String label;
        private String kernel;
        private List<String> initrds = List.of();
        private String append = "";

        private Entry(String label) {
            this.label = label;
        }
    }
}
