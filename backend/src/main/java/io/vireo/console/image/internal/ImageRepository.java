package io.vireo.console.image.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import io.vireo.console.image.Image;
import io.vireo.console.image.ImageKind;

public interface ImageRepository extends JpaRepository<Image, Long> {

    boolean existsByName(String name);

    Optional<Image> findByName(String name);

    List<Image> findByTeamId(Long teamId);

    /** The shared images and those of the given teams whose names contain {@code q}. */
    @Query(value = """
            select i from Image i left join i.team team
            where (team is null or team.id in :teamIds)
              and lower(i.name) like lower(concat('%', :q, '%'))""",
           countQuery = """
            select count(i) from Image i left join i.team team
            where (team is null or team.id in :teamIds)
              and lower(i.name) like lower(concat('%', :q, '%'))""")
    Page<Image> search(Collection<Long> teamIds, String q, Pageable pageable);

    /** The shared images and those of the given teams that are of {@code kind}, by name. */
    @Query("""
            select i from Image i left join i.team team
            where (team is null or team.id in :teamIds) and i.kind = :kind
            order by i.name""")
    List<Image> visibleOfKind(Collection<Long> teamIds, ImageKind kind);

    @Query("select i from Image i join fetch i.datastore")
    List<Image> findAllWithDatastore();
}
