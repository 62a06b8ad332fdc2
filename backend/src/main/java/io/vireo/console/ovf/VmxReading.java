package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.vireo.console.vm.ImportedVm;

/**
 * Reads a VMware VM folder (uploaded, or in a datastore): its {@code .vmx} and the disks it names, each of which must
 * lie in the folder; a disk that is a snapshot chain is taken whole and flattened when it is converted. The ISO image
 * its CD drive held comes along when it lies in the folder too.
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
        return ImportedVms.of(vm, vmDisks, iso(folder, vm, notes), notes, networkMapping);
    }

    /**
     * The ISO image the CD-ROM drive held, when it lies beside the {@code .vmx} (sent with it, or in its folder) and
     * is no link, which could lead anywhere; else the drive stays empty, and the notes say which file was missing.
     */
    private static Optional<Path> iso(Path folder, PackagedVm vm, List<String> notes) {
        if (vm.cdrom().isEmpty()) {
            return Optional.empty();
        }
        PackagedVm.Cdrom cdrom = vm.cdrom().get();
        Path file = folder.resolve(cdrom.file());
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(file);
        }
        notes.add("Its CD/DVD drive " + cdrom.drive() + " held " + cdrom.file() + ", which was not among the files"
                + " beside the .vmx; the VM's CD-ROM drive is empty (send or put " + cdrom.file() + " with the .vmx to"
                + " bring it)");
        return Optional.empty();
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
