package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.vireo.console.vm.ImportedVm;

/**
 * Reads a staged OVF package (descriptor, manifest, disks) and checks it: the descriptor's files are all there at the
 * sizes it says (a file in chunks joined from them) and nothing else is, the manifest's digests match, the EULA is
 * accepted, each disk opens.
 */
@Component
class OvfReading {
    static final long MAX_DESCRIPTOR_BYTES = 8L << 20;

    private final PackageDisks disks;

    OvfReading(PackageDisks disks) {
        this.disks = disks;
    }

    /** The package's VMs: one, or each of its VirtualSystemCollection's, in the order it lists them. */
    List<ImportedVm> read(StagedPackage staged, PackageImports.Options options) throws OvfException, IOException {
        String descriptorName = staged.only(".ovf", true).orElseThrow();
        Path descriptor = staged.file(descriptorName);
        if (Files.size(descriptor) > MAX_DESCRIPTOR_BYTES) {
            throw new OvfException("The descriptor " + descriptorName + " is larger than "
                    + (MAX_DESCRIPTOR_BYTES >> 20) + " MiB; no OVF descriptor is that long");
        }
        OvfPackage ovf;
        try (InputStream in = Files.newInputStream(descriptor)) {
            ovf = OvfDescriptor.read(in);
        }
        if (ovf.eula().isPresent() && !options.eulaAccepted()) {
            throw new OvfException("The package comes with a license agreement that must be accepted to import it"
                    + " (acceptEula=true): " + OvfUnits.abbreviate(ovf.eula().get()));
        }
        List<String> notes = new ArrayList<>();
        checkFiles(staged, ovf, descriptorName, notes);
        List<ImportedVm> vms = new ArrayList<>();
        for (PackagedVm system : ovf.systems()) {
            List<ImportedVm.Disk> vmDisks = new ArrayList<>();
            for (PackagedVm.Disk disk : system.disks()) {
                vmDisks.add(disk.file().isPresent() ? inspect(staged, disk.file().get(), disk)
                        : PackageDisks.blank(disk.capacityBytes()));
            }
            vms.add(ImportedVms.of(system, vmDisks, system.cdrom().map(c -> staged.file(c.file())), notes,
                    options.networkMapping()));
        }
        return vms;
    }

    /** The package holds what it references, at the sizes it says, with the digests its manifest lists. */
    private void checkFiles(StagedPackage staged, OvfPackage ovf, String descriptorName, List<String> notes)
            throws OvfException, IOException {
        Set<String> referenced = new HashSet<>();
        List<String> chunks = new ArrayList<>();
        for (OvfPackage.FileRef ref : ovf.files()) {
            if (ref.chunkSize() > 0) {
                List<String> parts = ChunkedFiles.chunks(staged, ref);
                ChunkedFiles.join(staged, ref, parts);
                referenced.addAll(parts);
                chunks.addAll(parts);
                continue;
            }
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
        for (PackagedVm system : ovf.systems()) {
            for (PackagedVm.Disk disk : system.disks()) {
                if (disk.file().isPresent()) {
                    referenced.addAll(disks.extents(staged.file(disk.file().get().href()), disk.file().get().href()));
                }
            }
        }
        Optional<String> manifestName = staged.only(".mf", false);
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
        } else {
            OvfManifest.parse(OvfManifest.read(staged.file(manifestName.get()))).verify(staged.folder(), payload);
        }
        ChunkedFiles.remove(staged, chunks);
    }

    private ImportedVm.Disk inspect(StagedPackage staged, OvfPackage.FileRef ref, PackagedVm.Disk disk)
            throws OvfException, IOException {
        Path file = ref.gzip() ? GzipDisks.unpack(staged.file(ref.href()), disk.capacityBytes())
                : staged.file(ref.href());
        return disks.inspect(staged.folder(), file, ref.href(), disk.capacityBytes(), false, new ArrayList<>());
    }
}
