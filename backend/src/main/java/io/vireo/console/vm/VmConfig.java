package io.vireo.console.vm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.vireo.console.domain.InvalidFieldException;

/**
 * A {@code vm.conf} read back: what "register VM from folder" needs to bring a VM into the inventory.
 * Every value is checked here, since the file may have been edited by hand or written by anyone. Network
 * cards are only named ({@code nic0}, …): VMs have none to bring back.
 */
record VmConfig(String name, String description, int vcpus, long memoryMib, BootSource boot,
        Optional<String> template, Optional<String> bootImage, List<Disk> disks, List<String> nics) {

    private static final Pattern NAME = Pattern.compile(VmRequest.NAME);
    private static final Pattern DISK_FILE = Pattern.compile("disk[0-9]{1,2}\\.(raw|qcow2)");
    private static final int MAX_DEVICES = 8;

    record Disk(String file, DiskFormat format, long sizeGib, DiskBus bus) {
    }

    static VmConfig parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw bad("line \"" + abbreviate(line) + "\" is not key = value");
            }
            values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        String name = required(values, "name");
        if (!NAME.matcher(name).matches()) {
            throw bad("name \"" + abbreviate(name) + "\": " + VmRequest.NAME_RULE);
        }
        List<Disk> disks = new ArrayList<>();
        List<String> nics = new ArrayList<>();
        for (int i = 0; i < MAX_DEVICES; i++) {
            Optional.ofNullable(values.get("disk" + i)).map(VmConfig::disk).ifPresent(disks::add);
            if (values.containsKey("nic" + i)) {
                nics.add("nic" + i);
            }
        }
        return new VmConfig(name, values.get("description"), (int) number(values, "vcpus", 1, 64),
                number(values, "memory_mib", 64, 1_048_576), enumOf(BootSource.class, required(values, "boot"), "boot"),
                Optional.ofNullable(values.get("template")), Optional.ofNullable(values.get("boot_image")), disks, nics);
    }

    private static Disk disk(String value) {
        String[] parts = value.split("\\s+");
        Map<String, String> options = options(parts);
        if (!DISK_FILE.matcher(parts[0]).matches()) {
            throw bad("disk file \"" + abbreviate(parts[0]) + "\" is not diskN.raw or diskN.qcow2 in the folder");
        }
        DiskFormat format = enumOf(DiskFormat.class, options.getOrDefault("format", "RAW"), "disk format");
        return new Disk(parts[0], format, number(options, "size_gib", 1, 65536),
                enumOf(DiskBus.class, options.getOrDefault("bus", "VIRTIO"), "disk bus"));
    }

    private static Map<String, String> options(String[] parts) {
        Map<String, String> options = new HashMap<>();
        for (String part : parts) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                options.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return options;
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw bad("\"" + key + "\" is missing");
        }
        return value;
    }

    private static long number(Map<String, String> values, String key, long min, long max) {
        String value = required(values, key);
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw bad("\"" + key + "\" must be a whole number from " + min + " to " + max + ", was \""
                + abbreviate(value) + "\"");
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String what) {
        try {
            return Enum.valueOf(type, value.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw bad(what + " \"" + abbreviate(value) + "\" is not one of " + List.of(type.getEnumConstants()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static InvalidFieldException bad(String what) {
        return new InvalidFieldException("folder", "Its " + VmConfigFile.FILE_NAME + " is not valid: " + what);
    }
}
