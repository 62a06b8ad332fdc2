package io.vireo.console.vm;

import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.datastore.DatastoreOccupant;
import io.vireo.console.vm.internal.VmRepository;

/**
 * Every VM owns its folder (configuration, disks, serial log) in its datastore. Read without loading the VMs,
 * so a quota check later in the same transaction counts them afresh, not as they were loaded here.
 */
@Component
class VmFolders implements DatastoreOccupant {

    private final VmRepository vms;

    VmFolders(VmRepository vms) {
        this.vms = vms;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Path> ownedPaths() {
        return vms.findFolders().stream()
                .map(row -> Path.of(row.getDatastorePath()).resolve(Vm.directoryName(row.getId()))).toList();
    }
}
