package io.vireo.console.vm;

import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.datastore.DatastoreOccupant;

/** Every VM owns its folder (configuration, disks, serial log) in its datastore. */
@Component
class VmFolders implements DatastoreOccupant {

    private final VmRepository vms;

    VmFolders(VmRepository vms) {
        this.vms = vms;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Path> ownedPaths() {
        return vms.findAllWithDatastore().stream().map(Vm::folder).toList();
    }
}
