package io.vireo.console.appliance.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import io.vireo.console.appliance.CatalogPackage;

public interface CatalogPackageRepository extends JpaRepository<CatalogPackage, Long> {

    @Query("select p from CatalogPackage p join fetch p.datastore where p.name = :name")
    Optional<CatalogPackage> findByNameWithDatastore(String name);

    boolean existsByName(String name);

    @Query("select p from CatalogPackage p join fetch p.datastore order by p.name")
    List<CatalogPackage> findAllWithDatastore();
}
