package io.vireo.engine.appliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code manifest.json} beside a built appliance: what it is made of (for people) and what
 * {@link Appliance} needs to reuse it (for the builder). It is written last, so its presence
 * marks a complete build. The reader accepts only the flat shape the writer produces.
 */
final class ApplianceManifest {
    static final String FILE_NAME = "manifest.json";
    static final String INITRD_FILE = "initramfs.gz";
    static final String DISK_FILE = "disk.qcow2";

    private static final Pattern FIELD = Pattern.compile("\\s*\"(\\w+)\": (.*?),?\\s*");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ApplianceManifest() {
    }

    static void write(Path directory, Appliance appliance, String source, List<String> packages) throws IOException {
        String json = "{\n"
                + field("name", quote(appliance.name())) + ",\n"
                + field("architecture", quote(appliance.architecture().label())) + ",\n"
                + field("kernelVersion", quote(appliance.kernelVersion())) + ",\n"
                + field("kernel", quote(appliance.architecture().kernelFile())) + ",\n"
                + field("initrd", quote(INITRD_FILE)) + ",\n"
                + field("cmdline", quote(appliance.cmdline())) + ",\n"
                + field("readyMarker", quote(Appliance.READY_MARKER)) + ",\n"
                + field("initRevision", quote(GuestInit.REVISION)) + ",\n"
                + field("source", quote(source)) + ",\n"
                + field("packages", array(packages)) + ",\n"
                + field("modules", array(appliance.modules()))
                + appliance.rootDisk().map(disk -> ",\n" + field("disk", quote(DISK_FILE)) + ",\n"
                        + field("installedPackages", quote(Integer.toString(disk.installedPackages()))) + ",\n"
                        + field("systemRevision", quote(SystemApplianceBuilder.REVISION))).orElse("")
                + "\n}\n";
        Files.writeString(directory.resolve(FILE_NAME), json);
    }

    /**
     * The appliance in {@code directory}, or empty when its build never finished, its manifest is unreadable,
     * or it was built with other guest scripts (or, for an installed system, another system revision) than today's.
     * A manifest naming no architecture was written when riscv64 was the only one.
     */
    static Optional<Appliance> read(Path directory) {
        Path manifest = directory.resolve(FILE_NAME);
        Path initrd = directory.resolve(INITRD_FILE);
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(initrd)) {
            return Optional.empty();
        }
        Map<String, List<String>> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(manifest)) {
                Matcher field = FIELD.matcher(line);
                if (field.matches()) {
                    fields.put(field.group(1), strings(field.group(2)));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String required : List.of("name", "kernelVersion", "cmdline", "modules")) {
            if (!fields.containsKey(required)) {
                return Optional.empty();
            }
        }
        if (!List.of(GuestInit.REVISION).equals(fields.get("initRevision"))) {
            return Optional.empty();
        }
        if (fields.get("name").size() != 1 || fields.get("kernelVersion").size() != 1 || fields.get("cmdline").size() != 1) {
            return Optional.empty();
        }
        List<String> label = fields.getOrDefault("architecture", List.of(ApplianceArchitecture.RISCV64.label()));
        Optional<ApplianceArchitecture> architecture = label.size() == 1
                ? ApplianceArchitecture.labelled(label.getFirst()) : Optional.empty();
        if (architecture.isEmpty()) {
            return Optional.empty();
        }
        Path kernel = directory.resolve(architecture.get().kernelFile());
        if (!Files.isRegularFile(kernel)) {
            return Optional.empty();
        }
        Optional<RootDisk> rootDisk = Optional.empty();
        if (fields.containsKey("disk")) {
            Path disk = directory.resolve(DISK_FILE);
            List<String> installed = fields.getOrDefault("installedPackages", List.of());
            if (!Files.isRegularFile(disk) || installed.size() != 1 || !installed.getFirst().matches("\\d{1,6}")
                    || !List.of(SystemApplianceBuilder.REVISION).equals(fields.get("systemRevision"))) {
                return Optional.empty();
            }
            rootDisk = Optional.of(new RootDisk(disk, Integer.parseInt(installed.getFirst())));
        }
        return Optional.of(new Appliance(fields.get("name").getFirst(), architecture.get(), kernel, initrd,
                fields.get("cmdline").getFirst(), fields.get("kernelVersion").getFirst(), fields.get("modules"), rootDisk));
    }

    private static String field(String name, String value) {
        return "  \"" + name + "\": " + value;
    }

    private static String array(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String value : values) {
            quoted.add(quote(value));
        }
        return "[" + String.join(", ", quoted) + "]";
    }

    private static String quote(String value) {
        if (value.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("manifest values are single-line: " + value);
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> strings(String value) {
        List<String> strings = new ArrayList<>();
        Matcher string = STRING.matcher(value);
        while (string.find()) {
            strings.add(string.group(1).replaceAll("\\\\(.)", "$1"));
        }
        return strings;
    }
}
