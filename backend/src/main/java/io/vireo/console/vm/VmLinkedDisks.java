package io.vireo.console.vm;

import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.datastore.FrozenFiles;
import io.vireo.console.datastore.LinkedDisks;
import io.vireo.console.vm.internal.VmRepository;

/**
 * Linked clones stand on frozen files (their disks' bases), and this says who stands on a file: for the datastore
 * module, which asks every holder of linked disks, and for {@link DiskDependants} callers (snapshots), which name
 * the file by its absolute path.
 */
@Component
class VmLinkedDisks implements LinkedDisks, DiskDependants {

    private final VmRepository vms;
    private final DatastoreService datastores;
    private final FrozenFiles frozen;

    VmLinkedDisks(VmRepository vms, DatastoreService datastores, FrozenFiles frozen) {
        this.vms = vms;
        this.datastores = datastores;
        this.frozen = frozen;
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> standingOn(Long datastoreId, String path) {
        return vms.namesStandingOn(datastoreId, path).stream().map(name -> "VM " + name).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> on(Path file) {
        for (Datastore datastore : datastores.all()) {
            Path root = datastore.directory().toAbsolutePath().normalize();
            if (file.startsWith(root)) {
                return frozen.dependantsOf(datastore, root.relativize(file).toString());
            }
        }
        return List.of();
    }
}
