package io.vireo.console.ovf;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.template.Template;
import io.vireo.console.template.TemplateService;
import io.vireo.console.vm.GuestArchitecture;
import io.vireo.console.vm.VmExports;

/**
 * Exports a VM or template as an OVF package: each disk chain becomes a streamOptimized VMDK in a staging folder of
 * its datastore ({@code .export-…}, removed afterwards), the descriptor names every file with its size, a SHA256
 * manifest ({@code SHA256(name)= hex}) vouches for all of them, and the tar streams the descriptor first, then the
 * manifest, the disks and the kernel files. {@code ovf} is the same folder as a tar under a directory of its name.
 */
@Service
class OvfExports {

    /** The package's shape: one OVA file, or the OVF folder as a tar. */
    enum Format {
        OVA, OVF;

        static Format parse(String text) {
            return switch (text == null ? "ova" : text.strip().toLowerCase(Locale.ROOT)) {
                case "ova" -> OVA;
                case "ovf" -> OVF;
                default -> throw new InvalidFieldException("format", "The format is ova or ovf");
            };
        }
    }

    /** A package ready to stream; {@code done} runs once it was written, or failed. */
    record Export(String fileName, VmExports.Source source, Format format, Runnable done) {
    }

    private final VmExports vmExports;
    private final TemplateService templates;
    private final AccessPolicy access;
    private final DiskImages disks;
    private final TransactionTemplate transactions;

    OvfExports(VmExports vmExports, TemplateService templates, AccessPolicy access, DiskImages disks,
            TransactionTemplate transactions) {
        this.vmExports = vmExports;
        this.templates = templates;
        this.access = access;
        this.disks = disks;
        this.transactions = transactions;
    }

    /** A stopped VM the caller may configure; it stays {@code BUSY} until the package is written. */
    Export vm(Long vmId, Format format) {
        VmExports.Source source = vmExports.begin(vmId);
        return new Export(fileName(source, format), source, format, () -> vmExports.end(vmId));
    }

    /** A template with disk files: a shared one for any user, a team's for those who may configure the team's. */
    Export template(Long templateId, Format format) {
        VmExports.Source source = transactions.execute(status -> {
            Template t = templates.visible(templateId);
            if (!t.isShared()) {
                access.require(t.teamId(), Permission.CONFIGURE, "Template", templateId);
            }
            if (!t.hasFiles()) {
                throw new ConflictException("Template has no disks", "Template " + t.getName() + " has no disk files"
                        + " to export: VMs made from it get new blank disks");
            }
            Path folder = t.folder();
            return new VmExports.Source(t.getName(), t.getDescription(), t.getVcpus(), t.getVcpus(),
                    t.getMemoryMib(), GuestArchitecture.RISCV64, t.getDatastore().directory(),
                    t.getDisks().stream().map(d -> new VmExports.Disk(folder.resolve(d.getFileName()),
                            d.getSizeGib())).toList(), List.of(), VmExports.Kernel.of(t.getImage()));
        });
        return new Export(fileName(source, format), source, format, () -> { });
    }

    void write(Export export, OutputStream out) throws IOException {
        try {
            write(export.source(), export.format(), out);
        } finally {
            export.done().run();
        }
    }

    private void write(VmExports.Source vm, Format format, OutputStream out) throws IOException {
        String base = baseName(vm.name());
        StagedPackage staging = new StagedPackage(vm.datastoreRoot().resolve(".export-" + UUID.randomUUID()),
                Set.of());
        Files.createDirectories(staging.folder());
        try {
            ensureRoom(vm);
            List<Payload> payload = new ArrayList<>();
            List<OvfEnvelopeWriter.PackedDisk> packed = new ArrayList<>();
            for (VmExports.Disk disk : vm.disks()) {
                Payload vmdk = new Payload("file" + (payload.size() + 1), base + "-disk" + (payload.size() + 1)
                        + ".vmdk", staging.file(base + "-disk" + (payload.size() + 1) + ".vmdk"));
                long capacity = disks.exportStreamOptimized(disk.top(), vmdk.source(), vm.datastoreRoot());
                packed.add(new OvfEnvelopeWriter.PackedDisk(vmdk.packed(), capacity));
                payload.add(vmdk);
            }
            Optional<Payload> kernel = vm.kernel().map(k -> new Payload("file" + (payload.size() + 1),
                    base + "-kernel", k.kernel()));
            kernel.ifPresent(payload::add);
            Optional<Payload> initrd = vm.kernel().flatMap(VmExports.Kernel::initrd)
                    .map(p -> new Payload("file" + (payload.size() + 1), base + "-initrd", p));
            initrd.ifPresent(payload::add);
            Path descriptor = staging.file(base + ".ovf");
            Files.writeString(descriptor, OvfEnvelopeWriter.write(vm, packed, kernel.map(Payload::packed),
                    initrd.map(Payload::packed)), StandardCharsets.UTF_8);
            Path manifest = staging.file(base + ".mf");
            Files.writeString(manifest, manifest(descriptor, payload), StandardCharsets.UTF_8);

            String prefix = format == Format.OVF ? base + "/" : "";
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            entry(tar, prefix + descriptor.getFileName(), descriptor);
            entry(tar, prefix + manifest.getFileName(), manifest);
            for (Payload p : payload) {
                entry(tar, prefix + p.name(), p.source());
            }
            tar.finish();
            tar.flush();
        } finally {
            staging.remove();
        }
    }

    /** A file of the package other than descriptor and manifest: its id in References, its name, where it is. */
    private record Payload(String id, String name, Path source) {
        OvfEnvelopeWriter.PackedFile packed() {
            try {
                return new OvfEnvelopeWriter.PackedFile(id, name, Files.size(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code SHA256(name)= hex} for the descriptor and every payload file, as ovftool writes it. */
    private static String manifest(Path descriptor, List<Payload> payload) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("SHA256(").append(descriptor.getFileName()).append(")= ")
                .append(OvfManifest.digest(descriptor, "SHA256")).append('\n');
        for (Payload p : payload) {
            out.append("SHA256(").append(p.name()).append(")= ").append(OvfManifest.digest(p.source(), "SHA256"))
                    .append('\n');
        }
        return out.toString();
    }

    /** The disks' chains may need their full size as VMDKs (less, as zero grains are left out). */
    private void ensureRoom(VmExports.Source vm) throws IOException {
        long bytes = 0;
        for (VmExports.Disk disk : vm.disks()) {
            bytes += disks.chainBytes(disk.top(), vm.datastoreRoot());
        }
        long free = Files.getFileStore(vm.datastoreRoot()).getUsableSpace();
        if (bytes > free) {
            throw new IOException("Exporting " + vm.name() + " needs about " + (bytes >> 20) + " MiB in its datastore"
                    + " for the VMDKs, which has " + (free >> 20) + " MiB free");
        }
    }

    private static void entry(TarArchiveOutputStream tar, String name, Path file) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(Files.size(file));
        entry.setModTime(Files.getLastModifiedTime(file));
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }

    private static String fileName(VmExports.Source source, Format format) {
        return baseName(source.name()) + (format == Format.OVA ? ".ova" : ".ovf.tar");
    }

    /** The package's file names start with the VM's name, kept to what {@link PackageNames} accepts. */
    private static String baseName(String name) {
        String base = name.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return base.isEmpty() ? "vm" : base.substring(0, Math.min(base.length(), 64));
    }
}
