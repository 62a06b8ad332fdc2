package io.vireo.console.vm;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.MacAddresses;

/**
 * A {@code vm.conf} read back: what "register VM from folder" needs to bring a VM into the inventory, with its
 * disk chains and snapshot tree. Every value is checked here, since the file may have been edited by hand or
 * written by anyone: every file it names is a plain name in the folder, every snapshot hangs from one listed
 * before it, every network card names a network by name and a valid MAC.
 */
record VmConfig(String name, Optional<String> uuid, String description, VmTopology cpus, VmMemory memory,
        BootSource boot, Optional<String> template, Optional<String> bootImage, List<Disk> disks, List<Nic> nics,
        int nextDelta, List<SavedSnapshot> snapshots, long current, VmCpu cpu, GuestArchitecture architecture) {

    /** The most a {@code vm.conf} may hold: a VM with the most snapshots allowed fits many times over. */
    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_SNAPSHOTS = 256;
    private static final Pattern NAME = Pattern.compile(VmRequest.NAME);
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SNAPSHOT_KEY = Pattern.compile("snapshot\\.([0-9]{1,9})\\.([a-z0-9_]{1,16})");
    private static final Pattern DISK_KEY = Pattern.compile("disk([0-9])");
    private static final Pattern PRINTABLE = Pattern.compile("\\P{Cntrl}{1,64}");
    private static final int MAX_DEVICES = 8;
    private static final int MAX_DESCRIPTION = 512;

    /** {@code key}: the N of its {@code diskN} line; the VM's disks are numbered afresh, in that order. */
    record Disk(int key, String file, DiskFormat format, long sizeGib, DiskBus bus, Optional<String> base) {
    }

    /** A {@code nicN} line: its network's name and the NIC's settings; {@code vlan} and the rest may be null. */
    record Nic(String key, String network, String mac, Integer vlan, Integer rateLimitMbps, String address,
            boolean linkUp) {
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
        List<Nic> nics = new ArrayList<>();
        for (int i = 0; i < MAX_DEVICES; i++) {
            int key = i;
            Optional.ofNullable(values.get("disk" + i)).map(value -> disk(key, value)).ifPresent(disks::add);
            Optional.ofNullable(values.get("nic" + i)).map(value -> nic("nic" + key, value)).ifPresent(nics::add);
        }
        List<SavedSnapshot> snapshots = snapshots(values, disks);
        long current = values.containsKey("current") ? number(values, "current", 0, MAX_SNAPSHOTS) : 0;
        if (current > snapshots.size()) {
            throw bad("\"current\" names snapshot " + current + ", which it does not list");
        }
        int nextDelta = values.containsKey("next_delta") ? (int) number(values, "next_delta", 1, 999_999_999) : 1;
        Optional<String> uuid = Optional.ofNullable(values.get("uuid")).filter(u -> UUID_TEXT.matcher(u).matches());
        return new VmConfig(name, uuid, values.get("description"), topology(values), memory(values),
                enumOf(BootSource.class, required(values, "boot"), "boot"),
                Optional.ofNullable(values.get("template")), Optional.ofNullable(values.get("boot_image")), disks, nics,
                nextDelta, snapshots, current, cpu(values), architecture(values));
    }

    /** A file written before VMs had an architecture is a riscv64 VM's. */
    private static GuestArchitecture architecture(Map<String, String> values) {
        String name = values.getOrDefault("architecture", GuestArchitecture.RISCV64.label());
        return GuestArchitecture.named(name).orElseThrow(() -> bad("architecture \"" + abbreviate(name)
                + "\" is not riscv64, x86_64 or aarch64"));
    }

    int vcpus() {
        return cpus.vcpus();
    }

    long memoryMib() {
        return memory.memoryMib();
    }

    /** The vCPUs' sockets; a file written before they existed has them all in one socket. */
    private static VmTopology topology(Map<String, String> values) {
        int vcpus = (int) number(values, "vcpus", 1, 64);
        Integer cores = values.containsKey("cores_per_socket") ? (int) number(values, "cores_per_socket", 1, 64) : null;
        Integer threads = values.containsKey("threads_per_core")
                ? (int) number(values, "threads_per_core", 1, VmTopology.MAX_THREADS_PER_CORE) : null;
        try {
            return VmTopology.of(vcpus, cores, threads);
        } catch (InvalidFieldException e) {
            throw bad(e.message());
        }
    }

    /** A file written before the memory minimum existed gets the default one. */
    private static VmMemory memory(Map<String, String> values) {
        long memory = number(values, "memory_mib", 64, 1_048_576);
        Long minimum = values.containsKey("memory_min_mib")
                ? number(values, "memory_min_mib", VmMemory.FLOOR_MIB, memory) : null;
        return VmMemory.of(memory, minimum);
    }

    /** CPU shares and cap, as the VM had them; a file written before they existed gets the defaults. */
    private static VmCpu cpu(Map<String, String> values) {
        return new VmCpu(values.containsKey("cpu_shares")
                        ? (int) number(values, "cpu_shares", VmCpu.MIN_SHARES, VmCpu.MAX_SHARES) : VmCpu.DEFAULT_SHARES,
                values.containsKey("cpu_cap_percent") ? (int) number(values, "cpu_cap_percent", 0, 100) : 0);
    }

    /**
     * {@code snapshot.N.*} keys, N = 1, 2, … without gaps; each names its parent (0 for a root, else a smaller
     * N, so the tree has no loop) and a frozen file for every disk, never a disk's current top (which the VM
     * writes).
     */
    private static List<SavedSnapshot> snapshots(Map<String, String> values, List<Disk> disks) {
        Map<Integer, Map<String, String>> fields = new TreeMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!entry.getKey().startsWith("snapshot.")) {
                continue;
            }
            Matcher key = SNAPSHOT_KEY.matcher(entry.getKey());
            if (!key.matches() || Long.parseLong(key.group(1)) > MAX_SNAPSHOTS) {
                throw bad("key \"" + abbreviate(entry.getKey()) + "\" is not snapshot.N.field with N up to "
                        + MAX_SNAPSHOTS);
            }
            fields.computeIfAbsent(Integer.parseInt(key.group(1)), n -> new HashMap<>()).put(key.group(2),
                    entry.getValue());
        }
        Set<String> tops = new HashSet<>();
        for (Disk disk : disks) {
            if (!tops.add(disk.file())) {
                throw bad("two disks name the file " + disk.file());
            }
        }
        List<SavedSnapshot> snapshots = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, String>> entry : fields.entrySet()) {
            int number = entry.getKey();
            if (number != snapshots.size() + 1) {
                throw bad("snapshots are not numbered 1, 2, … (snapshot " + (snapshots.size() + 1) + " is missing)");
            }
            snapshots.add(snapshot(number, entry.getValue(), disks, tops));
        }
        return snapshots;
    }

    private static SavedSnapshot snapshot(int number, Map<String, String> fields, List<Disk> disks, Set<String> tops) {
        String what = "snapshot." + number + ".";
        String name = required(fields, what + "name", "name");
        if (!PRINTABLE.matcher(name).matches()) {
            throw bad(what + "name must be 1 to 64 characters without control characters");
        }
        String description = fields.get("description");
        if (description != null && (description.length() > MAX_DESCRIPTION
                || description.chars().anyMatch(Character::isISOControl))) {
            throw bad(what + "description must be up to " + MAX_DESCRIPTION + " characters without control characters");
        }
        long parent = number(fields, "parent", what + "parent", 0, number - 1);
        Instant created;
        try {
            created = Instant.parse(required(fields, what + "created", "created"));
        } catch (DateTimeParseException e) {
            throw bad(what + "created is not a time such as 2026-12-06T20:00:00Z");
        }
        Map<Integer, String> named = new HashMap<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            Matcher disk = DISK_KEY.matcher(field.getKey());
            if (disk.matches()) {
                named.put(Integer.parseInt(disk.group(1)), field.getValue());
            } else if (!Set.of("name", "description", "parent", "created").contains(field.getKey())) {
                throw bad("key \"" + what + abbreviate(field.getKey()) + "\" is not a snapshot field");
            }
        }
        Map<Integer, String> frozen = new HashMap<>();
        for (int position = 0; position < disks.size(); position++) {
            Disk disk = disks.get(position);
            String file = named.remove(disk.key());
            if (file == null) {
                throw bad(what + "disk" + disk.key() + " is missing: a snapshot freezes every disk");
            }
            requireFileName(file);
            if (tops.contains(file)) {
                throw bad(what + "disk" + disk.key() + " names " + file + ", which a disk writes to now");
            }
            frozen.put(position, file);
        }
        if (!named.isEmpty()) {
            throw bad(what + "disk" + named.keySet().iterator().next() + " names a disk the VM does not have");
        }
        return new SavedSnapshot(number, parent, name, description, created, frozen);
    }

    private static void requireFileName(String file) {
        if (!VmDisk.FILE_NAME.matcher(file).matches()) {
            throw bad("disk file \"" + abbreviate(file) + "\" is not a plain disk file name in the folder"
                    + " (diskN.qcow2, diskN-M.qcow2 or diskN.raw)");
        }
    }

    private static Disk disk(int key, String value) {
        String[] parts = value.split("\\s+");
        Map<String, String> options = options(parts);
        requireFileName(parts[0]);
        DiskFormat format = enumOf(DiskFormat.class, options.getOrDefault("format", "RAW"), "disk format");
        Optional<String> base = Optional.ofNullable(options.get("base"));
        if (base.isPresent() && !LinkedBase.isValid(base.get())) {
            throw bad("disk base \"" + abbreviate(base.get()) + "\" is not a disk file of a VM, template or image"
                    + " folder of the datastore");
        }
        return new Disk(key, parts[0], format, number(options, "size_gib", 1, 65536),
                enumOf(DiskBus.class, options.getOrDefault("bus", "VIRTIO"), "disk bus"), base);
    }

    private static Nic nic(String key, String value) {
        Map<String, String> options = options(value.split("\\s+"));
        String network = options.get("network");
        if (network == null || !NAME.matcher(network).matches()) {
            throw bad(key + " names no network (network=NAME)");
        }
        String mac;
        try {
            mac = MacAddresses.parse(options.getOrDefault("mac", ""));
        } catch (InvalidFieldException e) {
            throw bad(key + ": " + e.message());
        }
        String address = options.get("address");
        if (address != null && !address.matches("[0-9.]{7,15}")) {
            throw bad(key + " address \"" + abbreviate(address) + "\" is not an IPv4 address");
        }
        return new Nic(key, network, mac, options.containsKey("vlan") ? (int) number(options, "vlan", 1, 4094) : null,
                options.containsKey("rate_mbps") ? (int) number(options, "rate_mbps", 1, 100000) : null, address,
                !"down".equals(options.get("link")));
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
        return required(values, key, key);
    }

    /** {@code key} is what the file says, {@code field} where it is in {@code values}. */
    private static String required(Map<String, String> values, String key, String field) {
        String value = values.get(field);
        if (value == null || value.isBlank()) {
            throw bad("\"" + key + "\" is missing");
        }
        return value;
    }

    private static long number(Map<String, String> values, String key, long min, long max) {
        return number(values, key, key, min, max);
    }

    private static long number(Map<String, String> values, String field, String key, long min, long max) {
        String value = required(values, key, field);
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
