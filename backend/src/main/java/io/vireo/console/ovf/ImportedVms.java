package io.vireo.console.ovf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vireo.console.vm.GuestArchitecture;
import io.vireo.console.vm.ImportedVm;

/**
 * A package's VM as the VM Vireo records, whatever the package was (OVF, {@code .vmx}): what Vireo keeps but cannot
 * run is said plainly in its notes, the guest's architecture and the firmware it asked for among them.
 */
final class ImportedVms {
    private static final int MAX_DESCRIPTION = 512;

    private ImportedVms() {
    }

    /**
     * {@code notes}: what reading the package's files found, before the VM's own; {@code iso}: the file of the ISO
     * image its CD-ROM drive held, where the package or folder holds it.
     */
    static ImportedVm of(PackagedVm vm, List<ImportedVm.Disk> disks, Optional<Path> iso, List<String> notes,
            Map<String, String> networkMapping) throws OvfException {
        List<String> all = new ArrayList<>(vm.leftOut());
        all.addAll(notes);
        all.addAll(unrunnable(vm));
        GuestArchitecture architecture = architecture(vm);
        String description = vm.description().length() > MAX_DESCRIPTION
                ? vm.description().substring(0, MAX_DESCRIPTION) : vm.description();
        return new ImportedVm(vm.name(), description, architecture, vm.vcpus(), vm.coresPerSocket(), vm.memoryMib(),
                vm.uuid(), vm.bootImage(), disks, iso,
                vm.nics().stream().map(n -> new ImportedVm.Nic(n.network(), n.mac())).toList(), networkMapping, all);
    }

    /** What the VM asks for that the embedded engine cannot give it: another architecture, a firmware. */
    static List<String> unrunnable(PackagedVm vm) throws OvfException {
        List<String> notes = new ArrayList<>();
        GuestArchitecture architecture = architecture(vm);
        if (architecture != GuestArchitecture.RISCV64) {
            notes.add("It is an " + architecture.label() + " guest: it needs a host that runs " + architecture.label()
                    + ", and the embedded engine runs riscv64 guests only");
        }
        vm.firmware().ifPresent(f -> notes.add("The package asks for " + f + " firmware; the engine has none and"
                + " boots a kernel directly"));
        return notes;
    }

    private static GuestArchitecture architecture(PackagedVm vm) throws OvfException {
        return GuestArchitecture.named(vm.architecture()).orElseThrow(() -> new OvfException("The package's VM is"
                + " built for " + OvfUnits.abbreviate(vm.architecture()) + ", which Vireo does not know"));
    }
}
