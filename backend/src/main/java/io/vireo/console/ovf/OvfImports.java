package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.task.Task;
import io.vireo.console.vm.GuestArchitecture;
import io.vireo.console.vm.ImportedVm;
import io.vireo.console.vm.VmImports;

/**
 * Imports an OVF package as a VM: unpacks it into a staging folder of the datastore, reads and checks it (descriptor,
 * manifest digests, each disk readable by the engine), then hands the VM to {@link VmImports}, whose task converts the
 * disks into qcow2 files of the new VM's folder. Anything refused before the task starts answers the request with the
 * reason and removes the staging folder; the task cleans up after itself.
 */
@Service
class OvfImports {
    static final long MAX_DESCRIPTOR_BYTES = 8L << 20;
    private static final long GIB = 1L << 30;

    private final VmImports vms;
    private final PackageStaging staging;
    private final DiskImages disks;

    OvfImports(VmImports vms, PackageStaging staging, DiskImages disks) {
        this.vms = vms;
        this.staging = staging;
        this.disks = disks;
    }

    /** What the user chose beside the package. */
    record Options(Long teamId, Long datastoreId, Map<String, String> networkMapping, boolean eulaAccepted) {
    }

    /** One {@code .ova}, or the parts of an OVF folder (descriptor, manifest, disks). */
    Task importPackage(List<? extends PackageStaging.Part> parts, Options options) {
        Datastore datastore = vms.destination(options.teamId(), options.datastoreId());
        if (parts.isEmpty()) {
            throw new InvalidFieldException("file", "Send an .ova, or the .ovf with its .mf and disks");
        }
        StagedPackage staged = stage(parts, datastore);
        try {
            return vms.start(options.teamId(), options.datastoreId(), read(staged, options), staged::remove);
        } catch (OvfException e) {
            removeQuietly(staged, e);
            throw new InvalidFieldException("file", e.getMessage());
        } catch (IOException e) {
            removeQuietly(staged, e);
            throw new InvalidFieldException("file", "The package cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            removeQuietly(staged, e);
            throw e;
        }
    }

    /** The package's files in a staging folder, which is gone again when this throws. */
    private StagedPackage stage(List<? extends PackageStaging.Part> parts, Datastore datastore) {
        try {
            if (parts.size() == 1 && parts.getFirst().name().toLowerCase(Locale.ROOT).endsWith(".ova")) {
                try (InputStream in = parts.getFirst().open()) {
                    return staging.unpackOva(in, datastore);
                }
            }
            return staging.saveParts(parts, datastore);
        } catch (OvfException e) {
            throw new InvalidFieldException("file", e.getMessage());
        } catch (IOException e) {
            throw new InvalidFieldException("file", "The package cannot be read: " + e.getMessage());
        }
    }

    private ImportedVm read(StagedPackage staged, Options options) throws OvfException, IOException {
        String descriptorName = only(staged, ".ovf", true).orElseThrow();
        OvfPackage ovf;
        Path descriptor = staged.file(descriptorName);
        if (Files.size(descriptor) > MAX_DESCRIPTOR_BYTES) {
            throw new OvfException("The descriptor " + descriptorName + " is larger than "
                    + (MAX_DESCRIPTOR_BYTES >> 20) + " MiB; no OVF descriptor is that long");
        }
        try (InputStream in = Files.newInputStream(descriptor)) {
            ovf = OvfDescriptor.read(in);
        }
        if (ovf.eula().isPresent() && !options.eulaAccepted()) {
            throw new OvfException("The package comes with a license agreement that must be accepted to import it"
                    + " (acceptEula=true): " + OvfUnits.abbreviate(ovf.eula().get()));
        }
        List<String> notes = new ArrayList<>(ovf.system().leftOut());
        checkFiles(staged, ovf, descriptorName, notes);
        OvfPackage.VirtualSystem system = ovf.system();
        GuestArchitecture architecture = GuestArchitecture.named(system.architecture()).orElseThrow(() ->
                new OvfException("The package's VM is built for " + OvfUnits.abbreviate(system.architecture())
                        + ", which Vireo does not know"));
        if (architecture != GuestArchitecture.RISCV64) {
            notes.add("It is an " + architecture.label() + " guest: it needs a host that runs "
                    + architecture.label() + ", and the embedded engine runs riscv64 guests only");
        }
        system.firmware().ifPresent(f -> notes.add("The package asks for " + f + " firmware; the engine has none"
                + " and boots a kernel directly"));
        List<ImportedVm.Disk> vmDisks = new ArrayList<>();
        for (OvfPackage.Disk disk : system.disks()) {
            vmDisks.add(disk.file().isPresent() ? inspect(staged, disk.file().get(), disk)
                    : new ImportedVm.Disk(Optional.empty(), gib(disk.capacityBytes())));
        }
        return new ImportedVm(system.name(), abbreviate(system.description(), 512), architecture, system.vcpus(),
                system.coresPerSocket(), system.memoryMib(), system.bootImage(), vmDisks,
                system.nics().stream().map(OvfPackage.Nic::network).toList(), options.networkMapping(), notes);
    }

    /** The package holds what it references, at the sizes it says, with the digests its manifest lists. */
    private void checkFiles(StagedPackage staged, OvfPackage ovf, String descriptorName, List<String> notes)
            throws OvfException, IOException {
        Set<String> referenced = new HashSet<>();
        for (OvfPackage.FileRef ref : ovf.files()) {
            Path file = staged.file(ref.href());
            if (!Files.isRegularFile(file)) {
                throw new OvfException("The descriptor references " + ref.href() + ", which the package does not"
                        + " hold");
            }
            if (ref.size() >= 0 && Files.size(file) != ref.size()) {
                throw new OvfException(ref.href() + " is " + Files.size(file) + " bytes, but the descriptor says "
                        + ref.size() + ": the package is damaged or truncated");
            }
            referenced.add(ref.href());
        }
        for (OvfPackage.Disk disk : ovf.system().disks()) {
            if (disk.file().isPresent()) {
                referenced.addAll(extents(staged, disk.file().get()));
            }
        }
        Optional<String> manifestName = only(staged, ".mf", false);
        Set<String> payload = new HashSet<>(referenced);
        payload.add(descriptorName);
        for (String name : staged.names()) {
            boolean extra = !payload.contains(name) && manifestName.filter(name::equals).isEmpty();
            if (extra && name.toLowerCase(Locale.ROOT).endsWith(".cert")) {
                notes.add("Its certificate " + name + " was not checked");
            } else if (extra) {
                throw new OvfException("The package holds " + name + ", which its descriptor does not reference");
            }
        }
        if (manifestName.isEmpty()) {
            notes.add("The package has no manifest: its files' digests were not checked");
            return;
        }
        OvfManifest.parse(OvfManifest.read(staged.file(manifestName.get()))).verify(staged.folder(), payload);
    }

    /** The extent files a disk's VMDK descriptor reads: part of the package, though References does not name them. */
    private List<String> extents(StagedPackage staged, OvfPackage.FileRef ref) throws OvfException {
        try {
            return disks.vmdkExtents(staged.file(ref.href())).stream().map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new OvfException("Disk " + ref.href() + " cannot be read: " + e.getMessage());
        }
    }

    private ImportedVm.Disk inspect(StagedPackage staged, OvfPackage.FileRef ref, OvfPackage.Disk disk)
            throws OvfException, IOException {
        Path file = ref.gzip() ? GzipDisks.unpack(staged.file(ref.href()), disk.capacityBytes())
                : staged.file(ref.href());
        DiskImages.Inspection inspection;
        try {
            inspection = disks.inspectPackaged(file, staged.folder());
        } catch (IOException e) {
            throw new OvfException("Disk " + ref.href() + " cannot be read: " + e.getMessage());
        }
        if (!inspection.format().equals("vmdk") && !inspection.format().equals("qcow2")) {
            throw new OvfException("Disk " + ref.href() + " is not a VMDK (the engine reads it as "
                    + inspection.format() + ")");
        }
        if (inspection.hasBacking()) {
            throw new OvfException("Disk " + ref.href() + " reads through another file; a package's disks stand"
                    + " alone");
        }
        if (inspection.virtualSize() > OvfDescriptor.MAX_DISK_BYTES) {
            throw new OvfException("Disk " + ref.href() + " is larger than Vireo's limit of "
                    + (OvfDescriptor.MAX_DISK_BYTES >> 40) + " TiB");
        }
        return new ImportedVm.Disk(Optional.of(file), gib(Math.max(inspection.virtualSize(), disk.capacityBytes())));
    }

    /** The one staged file with {@code suffix}; more than one is refused, none is refused when {@code required}. */
    private static Optional<String> only(StagedPackage staged, String suffix, boolean required) throws OvfException {
        List<String> found = staged.names().stream().filter(n -> n.toLowerCase(Locale.ROOT).endsWith(suffix)).toList();
        if (found.size() > 1) {
            throw new OvfException("The package holds " + found.size() + " " + suffix + " files; it must hold one");
        }
        if (found.isEmpty() && required) {
            throw new OvfException("The package holds no " + suffix + " descriptor");
        }
        return found.stream().findFirst();
    }

    private static long gib(long bytes) {
        return Math.max(1, (bytes + GIB - 1) / GIB);
    }

    private static String abbreviate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static void removeQuietly(StagedPackage staged, Exception cause) {
        if (staged == null) {
            return;
        }
        try {
            staged.remove();
        } catch (IOException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }
}
