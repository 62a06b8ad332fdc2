package io.vireo.console.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

/**
 * A VM's directory in its datastore: a human-readable {@code vm.conf} describing the hardware (enough to
 * re-register the VM from the directory alone) and one sparse raw file per disk.
 */
@Component
class VmConfigFile {

    static final String FILE_NAME = "vm.conf";

    Path directory(Vm vm) {
        return vm.getDatastore().directory().resolve(vm.directoryName());
    }

    String render(Vm vm) {
        StringBuilder out = new StringBuilder();
        out.append("# Vireo VM configuration, rewritten by the console on every change.\n");
        line(out, "name", vm.getName());
        line(out, "team", vm.getTeam().getName());
        line(out, "vcpus", vm.getVcpus());
        line(out, "memory_mib", vm.getMemoryMib());
        line(out, "boot", vm.getBootSource());
        if (vm.getBootImage() != null) {
            line(out, "boot_image", vm.getBootImage().getPath());
        }
        if (vm.getTemplate() != null) {
            line(out, "template", vm.getTemplate().getName());
        }
        for (VmDisk disk : vm.getDisks()) {
            line(out, "disk" + disk.getPosition(), disk.fileName() + " size_gib=" + disk.getSizeGib()
                    + " bus=" + disk.getBus());
        }
        for (VmNic nic : vm.getNics()) {
            line(out, "nic" + nic.getPosition(), "network=" + nic.getNetwork().getName() + " mac=" + nic.getMac()
                    + " model=" + nic.getModel());
        }
        return out.toString();
    }

    /** Written beside and then moved over the old file, so a crash never leaves half a configuration. */
    void write(Path directory, String config) throws IOException {
        Files.createDirectories(directory);
        Path temporary = directory.resolve(FILE_NAME + ".new");
        Files.writeString(temporary, config, StandardCharsets.UTF_8);
        Files.move(temporary, directory.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    void createSparseDisk(Path file, long sizeGib) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(sizeGib << 30);
        }
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
        out.append(key).append(" = ").append(value).append('\n');
    }
}
