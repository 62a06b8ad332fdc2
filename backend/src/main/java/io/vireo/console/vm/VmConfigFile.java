package io.vireo.console.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A VM's directory in its datastore: a human-readable {@code vm.conf} describing the hardware, each disk's chain
 * and the snapshot tree (enough to re-register the VM from the directory alone), and the chains' files (thin
 * qcow2).
 */
@Component
class VmConfigFile {

    static final String FILE_NAME = "vm.conf";

    private final ObjectProvider<VmSnapshotTree> snapshots;

    VmConfigFile(ObjectProvider<VmSnapshotTree> snapshots) {
        this.snapshots = snapshots;
    }

    Path directory(Vm vm) {
        return vm.folder();
    }

    /** The format is described in docs/console.md ("A VM is a set of files") and read back by {@link VmConfig}. */
    String render(Vm vm) {
        StringBuilder out = new StringBuilder();
        out.append("# Vireo VM configuration, rewritten by the console on every change.\n");
        out.append("# One \"key = value\" a line; register the folder again to bring the VM back.\n");
        line(out, "name", vm.getName());
        line(out, "uuid", vm.getUuid());
        line(out, "hostname", vm.hostname());
        if (vm.getDescription() != null && !vm.getDescription().isBlank()) {
            line(out, "description", vm.getDescription());
        }
        line(out, "team", vm.getTeam().getName());
        line(out, "vcpus", vm.getVcpus());
        line(out, "cores_per_socket", vm.topology().coresPerSocket());
        line(out, "threads_per_core", vm.topology().threadsPerCore());
        line(out, "memory_mib", vm.getMemoryMib());
        line(out, "memory_min_mib", vm.memory().minimumMib());
        line(out, "cpu_shares", vm.cpu().shares());
        line(out, "cpu_cap_percent", vm.cpu().capPercent());
        line(out, "architecture", vm.getArchitecture().label());
        line(out, "boot", vm.getBootSource());
        if (vm.getBootImage() != null) {
            line(out, "boot_image", vm.getBootImage().getName());
        }
        if (vm.getTemplate() != null) {
            line(out, "template", vm.getTemplate().getName());
        }
        for (VmDisk disk : vm.getDisks()) {
            line(out, "disk" + disk.getPosition(), disk.fileName() + " format=" + disk.getFormat() + " size_gib="
                    + disk.getSizeGib() + " bus=" + disk.getBus() + (disk.isLinked() ? " base=" + disk.getBasePath() : ""));
        }
        for (VmNic nic : vm.getNics()) {
            line(out, "nic" + nic.getPosition(), nicLine(nic));
        }
        line(out, "next_delta", vm.getNextDelta());
        renderSnapshots(out, vm);
        line(out, "serial_log", "serial.log");
        return out.toString();
    }

    /** A NIC by its network's name, so the folder registers again in another console with a network of that name. */
    private static String nicLine(VmNic nic) {
        return "network=" + nic.getNetwork().getName() + " mac=" + nic.getMac() + " model=" + nic.getModel()
                + (nic.getVlan() == null ? "" : " vlan=" + nic.getVlan())
                + (nic.getRateLimitMbps() == null ? "" : " rate_mbps=" + nic.getRateLimitMbps())
                + (nic.getReservedAddress() == null ? "" : " address=" + nic.getReservedAddress())
                + (nic.isLinkUp() ? "" : " link=down");
    }

    /** Snapshots are numbered 1, 2, … in the file, each after its parent; ids belong to one inventory only. */
    private void renderSnapshots(StringBuilder out, Vm vm) {
        VmSnapshotTree tree = snapshots.getIfAvailable();
        List<SavedSnapshot> saved = tree == null || vm.getId() == null ? List.of() : tree.saved(vm.getId());
        Map<Long, Integer> numbers = new HashMap<>();
        for (SavedSnapshot snapshot : saved) {
            int number = numbers.size() + 1;
            numbers.put(snapshot.key(), number);
            String key = "snapshot." + number + ".";
            line(out, key + "name", snapshot.name());
            if (snapshot.description() != null && !snapshot.description().isBlank()) {
                line(out, key + "description", snapshot.description());
            }
            line(out, key + "parent", numbers.getOrDefault(snapshot.parentKey(), 0));
            line(out, key + "created", snapshot.createdAt());
            snapshot.files().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(file -> line(out, key + "disk" + file.getKey(), file.getValue()));
        }
        Long current = vm.getCurrentSnapshotId();
        line(out, "current", current == null ? 0 : numbers.getOrDefault(current, 0));
    }

    /** Written beside and then moved over the old file, so a crash never leaves half a configuration. */
    void write(Path directory, String config) throws IOException {
        Files.createDirectories(directory);
        Path temporary = directory.resolve(FILE_NAME + ".new");
        Files.writeString(temporary, config, StandardCharsets.UTF_8);
        Files.move(temporary, directory.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    void removeDirectory(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(key).append(" = ").append(String.valueOf(value).replaceAll("[\\r\\n]+", " ")).append('\n');
    }
}
