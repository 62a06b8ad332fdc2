package io.vireo.engine.vm;

import io.vireo.engine.boot.CpuTopology;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkException;
import io.vireo.engine.state.SavedStateException;
import io.vireo.engine.storage.ImageFormat;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The spec of a suspended VM, saved beside its state ({@code vm.properties}) so that a process that knows
 * nothing else of it (the CLI's {@code resume}) can build the same machine. A NIC is written as its MAC,
 * VLAN and rate limit; the network it joins on resume is named by the caller ({@link NicNetworks}).
 */
final class VmSpecFile {
    static final String FILE = "vm.properties";

    private VmSpecFile() {
    }

    static void write(Path dir, VmSpec spec) throws IOException {
        Properties p = new Properties();
        p.setProperty("name", spec.name());
        p.setProperty("harts", Integer.toString(spec.harts()));
        p.setProperty("sockets", Integer.toString(spec.topology().sockets()));
        p.setProperty("cores", Integer.toString(spec.topology().cores()));
        p.setProperty("threads", Integer.toString(spec.topology().threads()));
        p.setProperty("memory", Long.toString(spec.memoryBytes()));
        p.setProperty("kernel", spec.kernel().toString());
        if (spec.initrd() != null) {
            p.setProperty("initrd", spec.initrd().toString());
        }
        p.setProperty("cmdline", spec.commandLine());
        p.setProperty("bootsFromDisk", Boolean.toString(spec.bootsFromDisk()));
        p.setProperty("devices", Integer.toString(spec.devices().size()));
        for (int i = 0; i < spec.devices().size(); i++) {
            String key = "device." + i;
            switch (spec.devices().get(i)) {
                case DeviceSpec.Disk d -> {
                    p.setProperty(key, "disk");
                    writeDisk(p, key, d);
                }
                case DeviceSpec.ScsiController c -> {
                    p.setProperty(key, "scsi");
                    p.setProperty(key + ".disks", Integer.toString(c.disks().size()));
                    for (int j = 0; j < c.disks().size(); j++) {
                        writeDisk(p, key + ".disk." + j, c.disks().get(j));
                    }
                    p.setProperty(key + ".discs", Integer.toString(c.discs().size()));
                    for (int j = 0; j < c.discs().size(); j++) {
                        String disc = key + ".disc." + j;
                        c.discs().get(j).ifPresent(iso -> p.setProperty(disc, iso.toString()));
                    }
                }
                case DeviceSpec.Rng r -> p.setProperty(key, "rng");
                case DeviceSpec.Balloon b -> p.setProperty(key, "balloon");
                case DeviceSpec.Display d -> {
                    p.setProperty(key, "display");
                    p.setProperty(key + ".width", Integer.toString(d.width()));
                    p.setProperty(key + ".height", Integer.toString(d.height()));
                }
                case DeviceSpec.Input in -> p.setProperty(key, "input");
                case DeviceSpec.Nic n -> {
                    p.setProperty(key, "nic");
                    p.setProperty(key + ".mac", n.mac().toString());
                    n.vlan().ifPresent(vlan -> p.setProperty(key + ".vlan", Integer.toString(vlan)));
                    n.rateLimit().ifPresent(rate -> p.setProperty(key + ".rateLimit", Long.toString(rate)));
                }
            }
        }
        Path temporary = dir.resolve(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            p.store(out, "Vireo: the VM a saved state belongs to");
        }
        Files.move(temporary, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeDisk(Properties p, String key, DeviceSpec.Disk d) {
        p.setProperty(key + ".image", d.image().toString());
        p.setProperty(key + ".format", d.format().name());
        p.setProperty(key + ".readOnly", Boolean.toString(d.readOnly()));
        d.root().ifPresent(root -> p.setProperty(key + ".root", root.toString()));
    }

    static VmSpec read(Path dir, NicNetworks networks) throws SavedStateException, NetworkException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new SavedStateException("spec: cannot read " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
        try {
            int count = Integer.parseInt(required(p, "devices"));
            if (count < 0 || count > 64) {
                throw new IllegalArgumentException(count + " devices");
            }
            List<DeviceSpec> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = "device." + i;
                devices.add(required(p, key).equals("nic") ? nic(p, key, networks, nicCount(devices)) : device(p, key));
            }
            String initrd = p.getProperty("initrd");
            int harts = Integer.parseInt(required(p, "harts"));
            CpuTopology topology = new CpuTopology(Integer.parseInt(required(p, "sockets")),
                    Integer.parseInt(required(p, "cores")), Integer.parseInt(required(p, "threads")));
            return new VmSpec(required(p, "name"), harts, Long.parseLong(required(p, "memory")),
                    Path.of(required(p, "kernel")), initrd == null ? null : Path.of(initrd), required(p, "cmdline"),
                    devices, topology, Boolean.parseBoolean(p.getProperty("bootsFromDisk")));
        } catch (IllegalArgumentException e) {
            throw new SavedStateException("spec: " + e.getMessage(), e);
        }
    }

    private static DeviceSpec device(Properties p, String key) {
        return switch (required(p, key)) {
            case "disk" -> disk(p, key);
            case "scsi" -> scsiController(p, key);
            case "rng" -> new DeviceSpec.Rng();
            case "balloon" -> new DeviceSpec.Balloon();
            case "display" -> new DeviceSpec.Display(Integer.parseInt(required(p, key + ".width")),
                    Integer.parseInt(required(p, key + ".height")));
            case "input" -> new DeviceSpec.Input();
            default -> throw new IllegalArgumentException(key + " is of an unknown kind: " + p.getProperty(key));
        };
    }

    private static DeviceSpec.Disk disk(Properties p, String key) {
        return new DeviceSpec.Disk(Path.of(required(p, key + ".image")), ImageFormat.valueOf(required(p, key + ".format")),
                Boolean.parseBoolean(required(p, key + ".readOnly")),
                Optional.ofNullable(p.getProperty(key + ".root")).map(Path::of));
    }

    /** A controller's disks as disks are written, and each drive's disc as a path, absent for an empty drive. */
    private static DeviceSpec.ScsiController scsiController(Properties p, String key) {
        int diskCount = count(p, key + ".disks"), discCount = count(p, key + ".discs");
        List<DeviceSpec.Disk> disks = new ArrayList<>();
        for (int j = 0; j < diskCount; j++) {
            disks.add(disk(p, key + ".disk." + j));
        }
        List<Optional<Path>> discs = new ArrayList<>();
        for (int j = 0; j < discCount; j++) {
            discs.add(Optional.ofNullable(p.getProperty(key + ".disc." + j)).map(Path::of));
        }
        return new DeviceSpec.ScsiController(disks, discs);
    }

    private static int count(Properties p, String key) {
        int n = Integer.parseInt(required(p, key));
        if (n < 0 || n > 256) {
            throw new IllegalArgumentException(key + " is " + n + ", not 0 to 256");
        }
        return n;
    }

    private static DeviceSpec.Nic nic(Properties p, String key, NicNetworks networks, int index) throws NetworkException {
        MacAddress mac = MacAddress.parse(required(p, key + ".mac"));
        String vlan = p.getProperty(key + ".vlan"), rateLimit = p.getProperty(key + ".rateLimit");
        return new DeviceSpec.Nic(mac, networks.networkFor(index, mac),
                vlan == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(vlan)),
                rateLimit == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(rateLimit)));
    }

    private static int nicCount(List<DeviceSpec> devices) {
        return (int) devices.stream().filter(DeviceSpec.Nic.class::isInstance).count();
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is missing");
        }
        return value;
    }
}
