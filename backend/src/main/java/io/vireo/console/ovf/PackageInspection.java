package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.springframework.stereotype.Service;

import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.vm.DiskBus;
import io.vireo.console.vm.VmImports;

/**
 * Reads a package's descriptor alone (an {@code .ovf}, a {@code .vmx}, or the descriptor at the head of an
 * {@code .ova}) for the import page's mapping step: nothing is written, and the disks are not needed yet. The
 * defaults it shows are the ones the import applies when the user maps nothing.
 */
@Service
class PackageInspection {

    private final VmImports vms;

    PackageInspection(VmImports vms) {
        this.vms = vms;
    }

    ImportInspection inspect(PackageStaging.Part descriptor, Long teamId, Long datastoreId) {
        vms.destination(teamId, datastoreId);
        String name = descriptor.name();
        String lower = name.toLowerCase(Locale.ROOT);
        try (InputStream in = descriptor.open()) {
            if (lower.endsWith(".vmx")) {
                return view("VMX", List.of(VmxReading.describe(in, name)), "");
            }
            if (lower.endsWith(".ovf")) {
                return ovf(in, descriptor.size());
            }
            if (lower.endsWith(".ova")) {
                return ova(in);
            }
        } catch (OvfException e) {
            throw new InvalidFieldException("file", e.getMessage());
        } catch (IOException e) {
            throw new InvalidFieldException("file", "The package cannot be read: " + e.getMessage());
        }
        throw new InvalidFieldException("file", "Send the package's descriptor (.ovf or .vmx) or its .ova");
    }

    /** The first {@code .ovf} of the tar: OVF puts the descriptor first, so little of the archive is read. */
    private ImportInspection ova(InputStream in) throws OvfException, IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            if (entry.isFile() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".ovf")) {
                PackageNames.check(entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName());
                return ovf(tar, entry.getSize());
            }
        }
        throw new OvfException("The archive holds no .ovf descriptor (an OVA is a tar of the package)");
    }

    private ImportInspection ovf(InputStream in, long size) throws OvfException {
        if (size > OvfReading.MAX_DESCRIPTOR_BYTES) {
            throw new OvfException("The descriptor is larger than " + (OvfReading.MAX_DESCRIPTOR_BYTES >> 20)
                    + " MiB; no OVF descriptor is that long");
        }
        OvfPackage ovf = OvfDescriptor.read(in);
        return view("OVF", ovf.systems(), ovf.eula().orElse(""));
    }

    private ImportInspection view(String kind, List<PackagedVm> systems, String eula) throws OvfException {
        List<ImportInspection.VmShape> shapes = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        for (PackagedVm vm : systems) {
            List<String> notes = new ArrayList<>(vm.leftOut());
            notes.addAll(ImportedVms.unrunnable(vm));
            vm.cdrom().ifPresent(cd -> notes.add("Its CD/DVD drive " + cd.drive() + " holds " + cd.file() + ", which"
                    + " becomes an ISO image in the VM's CD-ROM drive when the package brings it (send it with a"
                    + " .vmx); else the drive is empty"));
            shapes.add(new ImportInspection.VmShape(vm.name(), vm.vcpus(), vm.memoryMib(), vm.architecture(),
                    vm.disks().stream().map(d -> new ImportInspection.DiskChoice(d.id(), d.controller(),
                            DiskBus.VIRTIO.name())).toList(), notes));
            vm.nics().forEach(nic -> sources.add(nic.network()));
        }
        VmImports.NetworkChoices choices = vms.networkChoices(sources);
        return new ImportInspection(kind, shapes, choices.defaults().entrySet().stream()
                .map(e -> new ImportInspection.NetworkChoice(e.getKey(), e.getValue())).toList(), eula,
                choices.networks(), List.of(DiskBus.VIRTIO.name()));
    }
}
