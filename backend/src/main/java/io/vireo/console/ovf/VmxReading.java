package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.vireo.console.vm.ImportedVm;

/**
 * Reads a VMware VM folder (uploaded, or in a datastore): its {@code .vmx} and the disks it names, each of which must
 * lie in the folder; a disk that is a snapshot chain is taken whole and flattened when it is converted.
 */
@Component
class VmxReading {

    private final PackageDisks disks;

    VmxReading(PackageDisks disks) {
        this.disks = disks;
    }

    /** The VM of {@code vmxName} in {@code folder}. */
    ImportedVm read(Path folder, String vmxName, Map<String, String> networkMapping) throws OvfException, IOException {
        PackagedVm vm = describe(folder.resolve(vmxName));
        List<String> notes = new ArrayList<>();
        List<ImportedVm.Disk> vmDisks = new ArrayList<>();
        for (PackagedVm.Disk disk : vm.disks()) {
            String name = disk.file().orElseThrow().href();
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new OvfException("Its disk " + disk.id() + " is " + name + ", which the folder does not hold");
            }
            vmDisks.add(disks.inspect(folder, file, disk.id() + " (" + name + ")", 0, true, notes));
        }
        return ImportedVms.of(vm, vmDisks, notes, networkMapping);
    }

    private static PackagedVm describe(Path vmx) throws OvfException, IOException {
        try (InputStream in = Files.newInputStream(vmx)) {
            return describe(in, vmx.getFileName().toString());
        }
    }

    /** What the {@code .vmx} named {@code name} says, before its disks are looked at. */
    static PackagedVm describe(InputStream vmx, String name) throws OvfException, IOException {
        byte[] bytes = vmx.readNBytes(VmxFile.MAX_BYTES + 1);
        String base = name.toLowerCase(Locale.ROOT).endsWith(".vmx") ? name.substring(0, name.length() - 4) : name;
        return VmxMapper.map(VmxFile.parse(bytes, name), base);
    }
}
