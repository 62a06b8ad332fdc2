package io.vireo.engine.appliance.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Debian control-file text ({@code Packages} indexes, {@code apt-cache show} output):
 * blank-line separated stanzas of {@code Field: value} lines, continuation lines starting
 * with a space. Only the fields a package download needs are kept, so a whole archive index
 * stays small in memory.
 */
public final class PackageStanzas {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_LINE = 1 << 20;

    private PackageStanzas() {
    }

    /** Every well-formed stanza, by package name; a later stanza of the same name wins. */
    public static Map<String, PackageRecord> read(BufferedReader reader) throws IOException {
        Map<String, PackageRecord> records = new HashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        String lastField = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.length() > MAX_LINE) {
                throw new IOException("control line longer than " + MAX_LINE + " characters");
            }
            if (line.isBlank()) {
                addIfComplete(fields, records);
                fields.clear();
                lastField = null;
            } else if (Character.isWhitespace(line.charAt(0))) {
                if (lastField != null && wanted(lastField)) {
                    fields.merge(lastField, line.strip(), (a, b) -> a + " " + b);
                }
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("not a control field: " + abbreviate(line));
                }
                lastField = line.substring(0, colon);
                if (wanted(lastField)) {
                    fields.put(lastField, line.substring(colon + 1).strip());
                }
            }
        }
        addIfComplete(fields, records);
        return records;
    }

    /**
     * The entries of a {@code Depends:}-like value, each the package names of its alternatives, constraints and
     * architecture qualifiers dropped.
     */
    public static List<List<String>> dependencyGroups(String depends) {
        List<List<String>> groups = new ArrayList<>();
        if (depends == null || depends.isBlank()) {
            return groups;
        }
        for (String entry : depends.split(",")) {
            List<String> alternatives = new ArrayList<>();
            for (String alternative : entry.split("\\|")) {
                String name = alternative.strip().split("[\\s(\\[<]", 2)[0];
                int archQualifier = name.indexOf(':');
                if (archQualifier >= 0) {
                    name = name.substring(0, archQualifier);
                }
                if (!name.isEmpty()) {
                    alternatives.add(name);
                }
            }
            if (!alternatives.isEmpty()) {
                groups.add(alternatives);
            }
        }
        return groups;
    }

    private static boolean wanted(String field) {
        return switch (field) {
            case "Package", "Version", "Depends", "Pre-Depends", "Provides", "Priority", "Filename", "SHA256", "Size" -> true;
            default -> false;
        };
    }

    private static void addIfComplete(Map<String, String> fields, Map<String, PackageRecord> records) {
        String name = fields.get("Package");
        String filename = fields.get("Filename");
        String sha256 = fields.get("SHA256");
        if (name == null || filename == null || sha256 == null || !SHA256.matcher(sha256).matches()
                || filename.contains("..")) {
            return;
        }
        List<List<String>> dependencies = new ArrayList<>(dependencyGroups(fields.get("Pre-Depends")));
        dependencies.addAll(dependencyGroups(fields.get("Depends")));
        List<String> provides = dependencyGroups(fields.get("Provides")).stream().flatMap(List::stream).toList();
        long size;
        try {
            size = Long.parseLong(fields.getOrDefault("Size", "-1"));
        } catch (NumberFormatException e) {
            return;
        }
        records.put(name, new PackageRecord(name, fields.getOrDefault("Version", ""), dependencies, provides,
                fields.getOrDefault("Priority", ""), filename, sha256, size));
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
