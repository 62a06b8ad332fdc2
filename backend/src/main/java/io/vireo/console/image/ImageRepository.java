package io.vireo.console.image;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ImageRepository extends JpaRepository<Image, Long> {

    boolean existsByName(String name);

    Optional<Image> findByName(String name);

    Page<Image> findByNameContainingIgnoreCase(String q, Pageable pageable);
}
