package io.vireo.console.appliance;

import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.appliance.internal.CatalogPackageRepository;
import io.vireo.console.datastore.DatastoreOccupant;

/** Every catalog OVA owns its file: nothing else is registered on it while the entry lists it. */
@Component
class CatalogPackageFiles implements DatastoreOccupant {

    private final CatalogPackageRepository packages;

    CatalogPackageFiles(CatalogPackageRepository packages) {
        this.packages = packages;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Path> ownedPaths() {
        return packages.findAllWithDatastore().stream().map(CatalogPackage::file).toList();
    }
}
