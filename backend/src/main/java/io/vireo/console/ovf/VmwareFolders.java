package io.vireo.console.ovf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.vm.ForeignVmFolders;
import io.vireo.console.vm.ImportedVm;

/**
 * A VMware VM folder in a datastore, for "register VM from folder": one {@code .vmx} beside the disks it names. A
 * {@code .vmx} that is a link is not read: the folder is anyone's, the file it leads to may not be.
 */
@Component
class VmwareFolders implements ForeignVmFolders {

    private final VmxReading vmx;

    VmwareFolders(VmxReading vmx) {
        this.vmx = vmx;
    }

    @Override
    public boolean recognizes(Path folder) {
        return !vmxFiles(folder).isEmpty();
    }

    @Override
    public ImportedVm read(Path folder) {
        List<String> found = vmxFiles(folder);
        if (found.size() != 1) {
            throw new InvalidFieldException("folder", "The folder holds " + found.size() + " .vmx files; a VMware VM"
                    + " folder holds one");
        }
        try {
            return vmx.read(folder, found.getFirst(), Map.of());
        } catch (OvfException e) {
            throw new InvalidFieldException("folder", e.getMessage());
        } catch (IOException e) {
            throw new InvalidFieldException("folder", "Its VMware VM cannot be read: " + e.getMessage());
        }
    }

    private static List<String> vmxFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).map(p -> p.getFileName().toString())
                    .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".vmx")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
