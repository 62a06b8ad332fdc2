package io.vireo.console.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.SerialLog;

/**
 * The files that make a VM, taken whole by a move or a backup: everything in its folder. A VM whose disk reads
 * through a file outside the folder (a linked clone's base) cannot be taken alone, nor can one whose files
 * others read through (the base of linked clones): either would leave a chain broken.
 */
@Component
class VmFileSet {

    private final DiskImages images;
    private final List<DiskDependants> dependants;
    private final HostDriver host;

    VmFileSet(DiskImages images, List<DiskDependants> dependants, HostDriver host) {
        this.images = images;
        this.dependants = dependants;
        this.host = host;
    }

    /**
     * The folder's regular files, once the VM is known to be off (the engine says so; the record follows it a
     * moment later) and its chains to stay inside the folder; {@code what} names the work.
     */
    List<Path> of(Vm vm, String what) {
        if (host.state(vm.getId()) != RuntimeState.OFF) {
            throw new ConflictException("VM is on", "VM " + vm.getName() + " is powered on: stop it before " + what);
        }
        Path folder = vm.folder();
        try {
            for (VmDisk disk : vm.getDisks()) {
                for (Path file : images.chain(folder.resolve(disk.fileName())).stream().map(DiskImages.ChainFile::file).toList()) {
                    if (!file.toAbsolutePath().normalize().getParent().equals(folder.toAbsolutePath().normalize())) {
                        throw new ConflictException("Disk outside the folder", "Disk " + disk.getPosition() + " of VM "
                                + vm.getName() + " reads through " + file.getFileName() + " outside its folder (it is"
                                + " a linked clone); " + what + " would part them. Make a full clone and use that");
                    }
                }
            }
            List<Path> files = new ArrayList<>();
            try (Stream<Path> listing = Files.list(folder)) {
                listing.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".new"))
                        .sorted().forEach(files::add);
            }
            List<String> readers = files.stream()
                    .flatMap(file -> dependants.stream().flatMap(d -> d.on(file.toAbsolutePath()).stream()))
                    .distinct().toList();
            if (!readers.isEmpty()) {
                throw new ConflictException("Disks in use", "VM " + vm.getName() + "'s files are the base of "
                        + String.join(", ", readers) + "; " + what + " would break them");
            }
            return files;
        } catch (IOException e) {
            throw new ConflictException("Files unreadable", "The files of VM " + vm.getName() + " cannot be read ("
                    + e.getMessage() + "), so " + what + " did not start");
        }
    }

    /** The files a VM folder is made of: its configuration, serial logs and disk chain files. */
    static boolean isVmFile(String name) {
        return name.equals(VmConfigFile.FILE_NAME) || name.equals(SerialLog.FILE_NAME)
                || name.equals(SerialLog.FILE_NAME + ".1") || VmDisk.FILE_NAME.matcher(name).matches();
    }

    static long size(List<Path> files) {
        long total = 0;
        for (Path file : files) {
            try {
                total += Files.size(file);
            } catch (IOException gone) {
                // a file that vanished takes no room; the copy reports it
            }
        }
        return total;
    }
}
