package io.vireo.console.image.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import io.vireo.console.image.Image;

public interface ImageRepository extends JpaRepository<Image, Long> {

    boolean existsByName(String name);

    Optional<Image> findByName(String name);

    Page<Image> findByNameContainingIgnoreCase(String q, Pageable pageable);

    @Query("select i from Image i join fetch i.datastore")
    List<Image> findAllWithDatastore();
}
