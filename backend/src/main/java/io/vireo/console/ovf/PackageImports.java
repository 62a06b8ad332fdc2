package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.task.Task;
import io.vireo.console.vm.ImportedVm;
import io.vireo.console.vm.VmImports;

/**
 * Imports another hypervisor's VM: unpacks the package into a staging folder of the datastore, reads and checks it
 * (an OVF package with {@link OvfReading}, a VMware {@code .vmx} with its disks with {@link VmxReading}), then hands
 * the VM to {@link VmImports}, whose task converts the disks into qcow2 files of the new VM's folder. Anything
 * refused before the task starts answers the request with the reason and removes the staging folder; the task
 * cleans up after itself. A package already in a datastore ({@link DatastorePackages}) is staged the same way, so its
 * files are only read.
 */
@Service
class PackageImports {

    private final VmImports vms;
    private final PackageStaging staging;
    private final OvfReading ovf;
    private final VmxReading vmx;
    private final DatastorePackages inDatastores;

    PackageImports(VmImports vms, PackageStaging staging, OvfReading ovf, VmxReading vmx,
            DatastorePackages inDatastores) {
        this.inDatastores = inDatastores;
        this.vms = vms;
        this.staging = staging;
        this.ovf = ovf;
        this.vmx = vmx;
    }

    /** What the user chose beside the package; {@code asTemplates} makes each VM a template once imported. */
    record Options(Long teamId, Long datastoreId, Map<String, String> networkMapping, boolean eulaAccepted,
            boolean asTemplates) {
    }

    /** One {@code .ova}; the parts of an OVF folder (descriptor, manifest, disks); or a {@code .vmx} with its disks. */
    Task importPackage(List<? extends PackageStaging.Part> parts, Options options) {
        Datastore datastore = vms.destination(options.teamId(), options.datastoreId());
        if (parts.isEmpty()) {
            throw new InvalidFieldException("file", "Send an .ova, the .ovf with its .mf and disks, or a .vmx with"
                    + " its .vmdk files");
        }
        StagedPackage staged = stage(parts, datastore);
        try {
            return vms.start(options.teamId(), options.datastoreId(), read(staged, options), options.asTemplates(),
                    staged::remove);
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

    /** The uploaded parts, or the package at {@code path} of the datastore when a path is given instead. */
    Task importPackage(List<? extends PackageStaging.Part> uploads, String path, Options options) {
        if (path == null || path.isBlank()) {
            return importPackage(uploads, options);
        }
        if (!uploads.isEmpty()) {
            throw new InvalidFieldException("path", "Send the package's files, or name its path in the datastore;"
                    + " not both");
        }
        return importFromDatastore(path, options);
    }

    /**
     * The package at {@code path} of the options' datastore (an {@code .ova}, or an OVF package's folder or its
     * {@code .ovf}), where the VM is made too: imported as an upload of its files would be, and left as it is.
     */
    private Task importFromDatastore(String path, Options options) {
        if (options.datastoreId() == null) {
            throw new InvalidFieldException("datastoreId", "Choose the datastore the package lies in");
        }
        Datastore datastore = vms.destination(options.teamId(), options.datastoreId());
        return importPackage(inDatastores.parts(datastore, path.strip()), options);
    }

    private List<ImportedVm> read(StagedPackage staged, Options options) throws OvfException, IOException {
        if (staged.only(".vmx", false).isPresent()) {
            return List.of(vmx.read(staged.folder(), staged.only(".vmx", true).orElseThrow(),
                    options.networkMapping()));
        }
        return ovf.read(staged, options);
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

    private static void removeQuietly(StagedPackage staged, Exception cause) {
        try {
            staged.remove();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
